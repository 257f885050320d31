package auth0mgmt

import "context"

// RiskAssessmentSettings says whether the tenant assesses the risk of
// each login (the assessments Adaptive MFA and Actions'
// event.authentication.riskAssessment read).
type RiskAssessmentSettings struct {
	Enabled bool `json:"enabled,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// RiskAssessmentNewDevice are the settings of the new-device assessor:
// how many days (1 to 365) a device is remembered as known.
type RiskAssessmentNewDevice struct {
	RememberFor int `json:"remember_for,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// Settings returns the tenant's risk assessment settings. Tenants
// without the feature answer 403 feature_not_enabled.
func (s *RiskAssessmentsService) Settings(ctx context.Context) (*RiskAssessmentSettings, error) {
	var v RiskAssessmentSettings
	if _, err := s.c.get(ctx, "risk-assessments/settings", nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// NewDevice returns the settings of the new-device assessor.
func (s *RiskAssessmentsService) NewDevice(ctx context.Context) (*RiskAssessmentNewDevice, error) {
	var v RiskAssessmentNewDevice
	if _, err := s.c.get(ctx, "risk-assessments/settings/new-device", nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}
