package auth0mgmt

import (
	"context"
	"iter"
)

// CustomDomain is a domain that serves the tenant's login pages.
type CustomDomain struct {
	CustomDomainID string `json:"custom_domain_id,omitempty"`
	Domain         string `json:"domain,omitempty"`
	Primary        bool   `json:"primary,omitempty"`
	// IsDefault marks the domain used when a request names none.
	IsDefault bool `json:"is_default,omitempty"`
	// Status: pending_verification, pending, ready, disabled.
	Status string `json:"status,omitempty"`
	// Type: auth0_managed_certs or self_managed_certs.
	Type             string                    `json:"type,omitempty"`
	OriginDomainName string                    `json:"origin_domain_name,omitempty"`
	Verification     *CustomDomainVerification `json:"verification,omitempty"`
	// CustomClientIPHeader is the header a self-managed proxy puts the
	// client's IP in (true-client-ip, cf-connecting-ip, x-forwarded-for,
	// x-azure-clientip).
	CustomClientIPHeader string `json:"custom_client_ip_header,omitempty"`
	// TLSPolicy: recommended (or compatible on old domains).
	TLSPolicy              string                   `json:"tls_policy,omitempty"`
	DomainMetadata         Object                   `json:"domain_metadata,omitempty"`
	Certificate            *CustomDomainCertificate `json:"certificate,omitempty"`
	RelyingPartyIdentifier string                   `json:"relying_party_identifier,omitempty"`
	CreatedAt              string                   `json:"created_at,omitempty"`
	UpdatedAt              string                   `json:"updated_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// CustomDomainVerification says how the domain's ownership is proven.
type CustomDomainVerification struct {
	Methods        []CustomDomainVerificationMethod `json:"methods,omitempty"`
	Status         string                           `json:"status,omitempty"`
	ErrorMsg       string                           `json:"error_msg,omitempty"`
	LastVerifiedAt string                           `json:"last_verified_at,omitempty"`
	Extra          Extra                            `json:"-"`
}

// CustomDomainVerificationMethod is a DNS record to create (name is cname
// or txt).
type CustomDomainVerificationMethod struct {
	Name   string `json:"name,omitempty"`
	Record string `json:"record,omitempty"`
	Domain string `json:"domain,omitempty"`
	Extra  Extra  `json:"-"`
}

// CustomDomainCertificate is the state of an Auth0-managed certificate.
type CustomDomainCertificate struct {
	Status               string `json:"status,omitempty"`
	ErrorMsg             string `json:"error_msg,omitempty"`
	CertificateAuthority string `json:"certificate_authority,omitempty"`
	RenewsBefore         string `json:"renews_before,omitempty"`
	Extra                Extra  `json:"-"`
}

// List returns every custom domain: without take the API answers one
// unpaged array.
func (s *CustomDomainsService) List(ctx context.Context) ([]CustomDomain, error) {
	out, _, err := plainList[CustomDomain](ctx, s.c, "custom-domains", nil)
	return out, err
}

// All lists the custom domains with checkpoint paging: with take the API
// answers {custom_domains, next} and All follows next (a tenant that
// answers a bare array instead gives one page). Use it on tenants with
// many domains; List is one request otherwise.
func (s *CustomDomainsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[CustomDomain, error] {
	return checkpointAll[CustomDomain](ctx, s.c, "custom-domains", "custom_domains", opts)
}

// Get returns one custom domain.
func (s *CustomDomainsService) Get(ctx context.Context, id string) (*CustomDomain, error) {
	var d CustomDomain
	if _, err := s.c.get(ctx, "custom-domains/"+escape(id), nil, &d); err != nil {
		return nil, err
	}
	return &d, nil
}
