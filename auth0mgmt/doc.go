// Package auth0mgmt reads an Auth0 tenant through the Management API v2.
// Make a Client with New from the tenant's domain and the credentials of a
// machine-to-machine application authorised for the Management API, then
// list or get records through its services (client.Users, client.Clients,
// client.Roles, ...): a range loop pages to the last record, and failures
// are *APIError values you test with errors.Is.
//
//	client, err := auth0mgmt.New(auth0mgmt.Config{
//		Domain:       "tenant.eu.auth0.com",
//		ClientID:     os.Getenv("AUTH0_CLIENT_ID"),
//		ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET"),
//	})
//	if err != nil {
//		return err
//	}
//	for app, err := range client.Clients.All(ctx, nil) {
//		if err != nil {
//			return err // errors.Is(err, auth0mgmt.ErrInsufficientScope): a scope to grant
//		}
//		fmt.Println(app.ClientID, app.Name)
//	}
//
// # What you do with it
//
//   - Read every record of a kind with the service's All (an iterator) or
//     one page with List; read one record with Get. See Listing.
//   - Read a whole tenant at once, into a snapshot you can save and diff:
//     package inventory does it with this Client.
//   - Handle a missing scope, a rate limit or an outage: see Errors and
//     Rate limits and retries; the Client waits out 429s and retries reads.
//   - Authenticate without a shared secret: see Private Key JWT.
//   - Test your own code without a tenant: auth0mgmt/auth0test serves a
//     fake tenant on loopback; give its URL as Config.Domain (its Example
//     "testing your code" injects a fault), and WithBackoff shortens the
//     retries in tests.
//   - Choose the scopes to grant: see Scopes; never read:client_keys.
//
// # Clients and tokens
//
// New validates the Config (a tenant Domain and either client
// credentials, with a client secret or a private key, or a static
// token) and makes no network call. One Client serves many goroutines and
// keeps one rate budget for all of them. With client credentials it
// fetches a token when the first request needs one, once for all the
// goroutines waiting, and replaces it a quarter of its lifetime (at most
// 30 s) before it expires, so that tokens living only seconds are not
// fetched for every request. Options (WithHTTPClient, WithLogger,
// WithMaxRetries, WithBackoff, WithUserAgent, ...) change how it works.
//
// # Private Key JWT
//
// An application set to Private Key JWT authenticates without a shared
// secret: Config.ClientAssertionKey (PEM bytes) or ClientAssertionKeyFile
// holds the private key of its credential, ClientAssertionKeyID its kid
// (optional), ClientAssertionAlg RS256 (default) or PS256. Each token
// request then carries a new RFC 7523 client assertion (iss and sub the
// client id, aud the tenant's issuer identifier https://DOMAIN/, a
// random jti, a lifetime of one minute), signed with golang-jwt; tokens
// are cached and fetched again as with a secret. The key is read and
// checked by New (an unencrypted RSA key of 2048 bits or more), never
// printed by Config's or Client's fmt output, never part of an error.
//
//	client, err := auth0mgmt.New(auth0mgmt.Config{
//		Domain:                 "tenant.eu.auth0.com",
//		ClientID:               id,
//		ClientAssertionKeyFile: "/run/secrets/auth0-scanner.pem",
//		ClientAssertionKeyID:   kid,
//	})
//
// # API areas
//
// Each area is a service on the Client with the API's own names and
// shapes: Users, Clients (Auth0's applications, the Application type),
// ClientGrants, ResourceServers, Roles, Organizations, Connections,
// Actions, Rules, RulesConfigs, Hooks, LogStreams, Logs, Jobs, Tenant,
// AttackProtection, Guardian, Emails, CustomDomains, Branding, Prompts,
// NetworkACLs, SigningKeys, Forms, Flows (with the vault's connections),
// SelfServiceProfiles, Stats, EventStreams, EncryptionKeys,
// TokenExchangeProfiles and UserAttributeProfiles; connections' SCIM
// configurations and tokens, applications' credentials, phone providers
// and templates, and users' authentication methods, sessions and refresh
// tokens are methods of Connections, Clients, Branding and Users; so are
// organizations' discovery domains and client grants (Organizations),
// connections' signing keys (Connections), the render settings of prompt
// screens (Prompts.Renderings), the default theme and the Universal Login
// page template (Branding); the settings of the MFA factors' providers
// (phone, Twilio, SMS templates, APNs, SNS, Duo, WebAuthn) are methods of
// Guardian, hooks' secrets of Hooks, and RiskAssessments reads the risk
// assessment settings. Models
// keep Auth0's JSON names; members a model does not know are kept in its
// Extra field and written back on marshalling, so nothing the API sends is
// lost on a round trip.
//
// # Listing
//
// Every list endpoint has an iterator, All (an iter.Seq2[T, error]), and a
// one-page call, List, that returns a Page with its paging facts. The paging
// mode is the one the API defines for the endpoint: offset paging (page,
// per_page up to 100, include_totals) stops by the total without a trailing
// empty request, so N records cost exactly ceil(N/100) requests; checkpoint
// paging (from, take) follows next until the API gives none; logs follow the
// Link header. Breaking out of a range loop stops all requests. A listing
// that ends before the total the API announced yields ErrIncomplete rather
// than stopping silently.
//
// Users.All reads every user: from 1000 users on (the API's paging cap) it runs
// a users export job and streams the gzip NDJSON file record by record.
//
// # Rate limits and retries
//
// Every response's X-RateLimit-Limit, -Remaining and -Reset headers feed a
// pacer shared by all goroutines of the Client, so a concurrent caller runs
// near the allowed rate and rarely sees a 429. Auth0 gives some endpoints
// (GET /organizations, an organization's members, roles and connections,
// ...) buckets of their own, smaller than the tenant's; the Client learns
// which from the headers (each endpoint, ids aside, reports its bucket's
// size in X-RateLimit-Limit) and paces each bucket separately, so that a
// slow endpoint neither stalls the others nor is overdrawn by them. (A
// bucket of the same size as the tenant's cannot be told apart and is
// paced with it, as one.) A 429 is waited out until the reset however
// long, with jitter, unless the context ends first (the context's error is
// returned). 5xx answers, dropped connections and
// truncated bodies are retried for reads. Client.Rate reports the figures.
//
// # Errors
//
// Non-2xx answers are *APIError values (status, errorCode, message, request
// id) that match ErrNotFound, ErrInsufficientScope (with MissingScopes),
// ErrForbidden, ErrUnauthorized, ErrRateLimited, ErrInvalidPaging,
// ErrBadRequest and ErrServer with errors.Is. No error string or log line
// carries the client secret, the access token or the signed URL of an
// export.
//
// # Scopes
//
// A read-only inventory needs: read:users, read:users_app_metadata,
// read:clients, read:client_grants, read:resource_servers, read:roles,
// read:connections, read:connections_options, read:organizations,
// read:organization_members, read:organization_member_roles,
// read:organization_connections, read:organization_invitations,
// read:actions, read:triggers, read:rules, read:rules_configs, read:hooks,
// read:log_streams, read:logs, read:tenant_settings, read:attack_protection,
// read:guardian_factors, read:mfa_policies, read:email_provider,
// read:email_templates, read:custom_domains, read:branding, read:prompts,
// read:network_acls and read:signing_keys; and for the newer surfaces
// read:forms, read:flows, read:flows_vault_connections,
// read:self_service_profiles, read:scim_config, read:scim_token,
// read:phone_providers, read:phone_templates, read:client_credentials,
// read:stats, read:event_streams, read:encryption_keys,
// read:token_exchange_profiles and read:user_attribute_profiles, and
// read:organization_discovery_domains, read:organization_client_grants and
// read:connections_keys (public certificates only) (and, to
// read users one by one, read:authentication_methods, read:sessions,
// read:refresh_tokens). The Guardian providers' settings need
// read:guardian_factors, hooks' secrets read:hooks and the risk
// assessment settings read:attack_protection. None of the newer scopes
// returns a secret the API would not show anyway: SCIM tokens, refresh
// tokens and credentials come as ids and metadata. The Guardian
// providers' settings do hold credentials in clear (Twilio's auth_token,
// Duo's keys, SNS's AWS secret key): they are Secret values, which fmt
// never shows; hooks' secrets come as placeholders, Secret too. It must not ask for read:client_keys, which returns
// client secrets.
package auth0mgmt

//go:generate go run ./internal/keepgen
