package model

import (
	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
)

// The organization, connection and login-page surfaces. These accessors
// decode on every call (each check that reads them calls them once).

// OrganizationDiscoveryDomains returns the discovery domains, one record
// per organization that has some.
func (t *Tenant) OrganizationDiscoveryDomains() ([]inventory.OrganizationDiscoveryDomainsRecord, error) {
	return decodeAll[inventory.OrganizationDiscoveryDomainsRecord](t, inventory.KindOrganizationDiscoveryDomains)
}

// OrganizationClientGrants returns the client grants associated with
// organizations, one record per organization that has some.
func (t *Tenant) OrganizationClientGrants() ([]inventory.OrganizationClientGrantsRecord, error) {
	return decodeAll[inventory.OrganizationClientGrantsRecord](t, inventory.KindOrganizationClientGrants)
}

// ConnectionKeys returns the signing keys of the Okta and OIDC
// connections that have some.
func (t *Tenant) ConnectionKeys() ([]inventory.ConnectionKeysRecord, error) {
	return decodeAll[inventory.ConnectionKeysRecord](t, inventory.KindConnectionKeys)
}

// PromptRenderings returns the render settings of the prompt screens.
func (t *Tenant) PromptRenderings() ([]auth0mgmt.PromptRendering, error) {
	return decodeAll[auth0mgmt.PromptRendering](t, inventory.KindPromptRenderings)
}

// UniversalLoginTemplate returns the Universal Login page template (nil
// when none is set).
func (t *Tenant) UniversalLoginTemplate() (*auth0mgmt.UniversalLoginTemplate, error) {
	return decodeOne[auth0mgmt.UniversalLoginTemplate](t, inventory.KindUniversalLoginTemplate, inventory.UniversalLoginTemplateID)
}
