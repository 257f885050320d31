package auth0mgmt

// One service type per API area; their methods live in the area's file.
type (
	// UsersService reads users (read:users, read:users_app_metadata).
	UsersService service
	// ClientsService reads applications (read:clients).
	ClientsService service
	// ClientGrantsService reads client grants (read:client_grants).
	ClientGrantsService service
	// ResourceServersService reads APIs (read:resource_servers).
	ResourceServersService service
	// OrganizationsService reads organizations and their members,
	// member roles, enabled connections and invitations.
	OrganizationsService service
	// ConnectionsService reads connections (read:connections; options
	// need read:connections_options).
	ConnectionsService service
	// ActionsService reads Actions, triggers and bindings (read:actions).
	ActionsService service
	// RulesService reads Rules (read:rules).
	RulesService service
	// RulesConfigsService reads rules config keys (read:rules_configs).
	RulesConfigsService service
	// HooksService reads Hooks (read:hooks).
	HooksService service
	// LogStreamsService reads log streams (read:log_streams).
	LogStreamsService service
	// LogsService reads log events (read:logs).
	LogsService service
	// JobsService runs and reads jobs (users exports need read:users).
	JobsService service
	// TenantService reads tenant settings (read:tenant_settings).
	TenantService service
	// AttackProtectionService reads the attack-protection settings
	// (read:attack_protection).
	AttackProtectionService service
	// GuardianService reads MFA factors, their providers' settings and
	// the policies (read:guardian_factors, read:mfa_policies).
	GuardianService service
	// EmailsService reads the email provider and templates
	// (read:email_provider, read:email_templates).
	EmailsService service
	// CustomDomainsService reads custom domains (read:custom_domains).
	CustomDomainsService service
	// BrandingService reads branding settings (read:branding).
	BrandingService service
	// PromptsService reads Universal Login prompt settings (read:prompts).
	PromptsService service
	// NetworkACLsService reads network ACLs (read:network_acls).
	NetworkACLsService service
	// SigningKeysService reads the tenant's signing keys, public parts
	// (read:signing_keys).
	SigningKeysService service
	// FormsService reads Forms (read:forms).
	FormsService service
	// FlowsService reads Flows and their vault connections (read:flows,
	// read:flows_vault_connections).
	FlowsService service
	// SelfServiceProfilesService reads self-service SSO profiles
	// (read:self_service_profiles).
	SelfServiceProfilesService service
	// StatsService reads login statistics (read:stats).
	StatsService service
	// EventStreamsService reads event streams (read:event_streams).
	EventStreamsService service
	// EncryptionKeysService reads the metadata of the tenant's
	// encryption keys (read:encryption_keys).
	EncryptionKeysService service
	// TokenExchangeProfilesService reads custom token exchange profiles
	// (read:token_exchange_profiles).
	TokenExchangeProfilesService service
	// UserAttributeProfilesService reads user attribute profiles
	// (read:user_attribute_profiles).
	UserAttributeProfilesService service
	// RiskAssessmentsService reads the risk assessment settings
	// (read:attack_protection).
	RiskAssessmentsService service
)
