package seczetta

import (
	"time"

	vld "github.com/go-playground/validator/v10"
)

type validationErrors = vld.ValidationErrors

// configRules holds the declarative checks of Config as validator tags,
// out of Config's documentation. Its fields are Config's, by the same
// names: the errors name them.
type configRules struct {
	BaseURL       string        `validate:"required"`
	APIKey        string        `validate:"required,printascii"`
	AttributeID   string        `validate:"required,uuid4"`
	ProfileTypeID string        `validate:"required,uuid4"`
	AuthScheme    AuthScheme    `validate:"omitempty,oneof=token bearer"`
	LookupFields  []LookupField `validate:"omitempty,max=3,unique,dive,oneof=username email user_id"`
	AttributeType string        `validate:"omitempty,oneof=NeAttribute TextFieldAttribute TextAreaAttribute"`
	SearchLabel   string        `validate:"max=200"`
	Timeout       time.Duration `validate:"gte=0"`
	MinRetryWait  time.Duration `validate:"gte=0"`
	MaxRetryWait  time.Duration `validate:"gte=0"`
}

func (c Config) rules() configRules {
	return configRules{
		BaseURL: c.BaseURL, APIKey: c.APIKey, AttributeID: c.AttributeID, ProfileTypeID: c.ProfileTypeID,
		AuthScheme: c.AuthScheme, LookupFields: c.LookupFields, AttributeType: c.AttributeType,
		SearchLabel: c.SearchLabel, Timeout: c.Timeout, MinRetryWait: c.MinRetryWait, MaxRetryWait: c.MaxRetryWait,
	}
}

// validator runs go-playground/validator over c's rules. A validator is
// built per call: configuration is checked once per client, and this
// keeps the package free of shared mutable state.
func validator(c Config) error {
	return vld.New(vld.WithRequiredStructEnabled()).Struct(c.rules())
}
