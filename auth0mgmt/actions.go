package auth0mgmt

import (
	"context"
	"iter"
)

// Trigger ids of Actions (ActionTrigger.ID, ActionBinding.TriggerID and the
// triggerID of ActionsService.Bindings).
const (
	TriggerPostLogin                  = "post-login"
	TriggerCredentialsExchange        = "credentials-exchange"
	TriggerPreUserRegistration        = "pre-user-registration"
	TriggerPostUserRegistration       = "post-user-registration"
	TriggerPostChangePassword         = "post-change-password"
	TriggerSendPhoneMessage           = "send-phone-message"
	TriggerPasswordResetPostChallenge = "password-reset-post-challenge"
	TriggerCustomEmailProvider        = "custom-email-provider"
	TriggerCustomPhoneProvider        = "custom-phone-provider"
	TriggerCustomTokenExchange        = "custom-token-exchange"
)

// TriggerIDs returns the known trigger ids, in a new slice. The tenant's
// own list (with versions and status) is ActionsService.Triggers.
func TriggerIDs() []string {
	return []string{
		TriggerPostLogin,
		TriggerCredentialsExchange,
		TriggerPreUserRegistration,
		TriggerPostUserRegistration,
		TriggerPostChangePassword,
		TriggerSendPhoneMessage,
		TriggerPasswordResetPostChallenge,
		TriggerCustomEmailProvider,
		TriggerCustomPhoneProvider,
		TriggerCustomTokenExchange,
	}
}

// Action is an Auth0 Action: code run at a trigger of a flow.
type Action struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// SupportedTriggers are the triggers (id and version) the action is
	// written for.
	SupportedTriggers []ActionTrigger `json:"supported_triggers,omitempty"`
	// Code is the draft's JavaScript source; DeployedVersion.Code is what
	// runs.
	Code         string             `json:"code,omitempty"`
	Runtime      string             `json:"runtime,omitempty"`
	Dependencies []ActionDependency `json:"dependencies,omitempty"`
	// Secrets names the action's secrets; the API never returns values.
	Secrets []ActionSecret `json:"secrets,omitempty"`
	// Status of the draft's build: pending, building, packaged, built,
	// retrying, failed.
	Status string `json:"status,omitempty"`
	// DeployedVersion is the version that runs, when one is deployed.
	DeployedVersion *ActionVersion `json:"deployed_version,omitempty"`
	// CurrentVersion is the latest built version (bindings and some
	// reads return it).
	CurrentVersion *ActionVersion `json:"current_version,omitempty"`
	// AllChangesDeployed is false when the draft differs from the
	// deployed version.
	AllChangesDeployed bool `json:"all_changes_deployed,omitempty"`
	// InstalledIntegrationID and Integration are set on actions installed
	// from the Marketplace.
	InstalledIntegrationID string `json:"installed_integration_id,omitempty"`
	Integration            Object `json:"integration,omitempty"`
	// Modules are the Actions Modules the action imports.
	Modules   []Object `json:"modules,omitempty"`
	BuiltAt   string   `json:"built_at,omitempty"`
	CreatedAt string   `json:"created_at,omitempty"`
	UpdatedAt string   `json:"updated_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// ActionVersion is one immutable version of an action's code, as deployed
// or listed under /actions/actions/{id}/versions.
type ActionVersion struct {
	ID           string             `json:"id,omitempty"`
	ActionID     string             `json:"action_id,omitempty"`
	Code         string             `json:"code,omitempty"`
	Runtime      string             `json:"runtime,omitempty"`
	Dependencies []ActionDependency `json:"dependencies,omitempty"`
	Secrets      []ActionSecret     `json:"secrets,omitempty"`
	// Number counts the versions of the action from 1.
	Number int `json:"number,omitempty"`
	// Status of the build (built, failed, ...).
	Status string `json:"status,omitempty"`
	// Deployed is true for the version that runs.
	Deployed          bool            `json:"deployed,omitempty"`
	SupportedTriggers []ActionTrigger `json:"supported_triggers,omitempty"`
	// Action is the action the version belongs to (a partial view).
	Action *Action `json:"action,omitempty"`
	// Errors are the build errors of a failed version.
	Errors  []Object `json:"errors,omitempty"`
	Modules []Object `json:"modules,omitempty"`
	// BuiltAt is named build_time in current_version bodies.
	BuiltAt   string `json:"built_at,omitempty"`
	BuildTime string `json:"build_time,omitempty"`
	CreatedAt string `json:"created_at,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
	Extra     Extra  `json:"-"`
}

// ActionDependency is an npm package an action requires.
type ActionDependency struct {
	Name        string `json:"name,omitempty"`
	Version     string `json:"version,omitempty"`
	RegistryURL string `json:"registry_url,omitempty"`
	Extra       Extra  `json:"-"`
}

// ActionSecret names a secret of an action. The API never returns the
// value.
type ActionSecret struct {
	Name      string `json:"name,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
	Extra     Extra  `json:"-"`
}

// ActionTrigger is a trigger (a point of a flow where actions run) in one
// version. In supported_triggers and compatible_triggers only ID and
// Version are usually set.
type ActionTrigger struct {
	ID      string `json:"id,omitempty"`
	Version string `json:"version,omitempty"`
	// Status: CURRENT, DEPRECATED, ...
	Status             string          `json:"status,omitempty"`
	Runtimes           []string        `json:"runtimes,omitempty"`
	DefaultRuntime     string          `json:"default_runtime,omitempty"`
	CompatibleTriggers []ActionTrigger `json:"compatible_triggers,omitempty"`
	BindingPolicy      string          `json:"binding_policy,omitempty"`
	Extra              Extra           `json:"-"`
}

// ActionBinding places an action in a trigger's flow; bindings run in the
// order the API lists them.
type ActionBinding struct {
	ID          string `json:"id,omitempty"`
	TriggerID   string `json:"trigger_id,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	// Action is the bound action (with its deployed version when the API
	// includes it).
	Action    *Action `json:"action,omitempty"`
	CreatedAt string  `json:"created_at,omitempty"`
	UpdatedAt string  `json:"updated_at,omitempty"`
	Extra     Extra   `json:"-"`
}

// All lists every action (offset paging; the API always wraps the page as
// {actions, total, page, per_page} and the listing stops by total).
// Query filters (ListOptions.Query): "triggerId", "actionName", "deployed"
// and "installed" ("true"/"false").
func (s *ActionsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Action, error] {
	return offsetAll[Action](ctx, s.c, "actions/actions", "actions", opts, false)
}

// List returns one page of actions (ListOptions.Page, PerPage).
func (s *ActionsService) List(ctx context.Context, opts *ListOptions) (*Page[Action], error) {
	return offsetList[Action](ctx, s.c, "actions/actions", "actions", opts, false)
}

// Get returns one action.
func (s *ActionsService) Get(ctx context.Context, id string) (*Action, error) {
	var a Action
	if _, err := s.c.get(ctx, "actions/actions/"+escape(id), nil, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// Versions lists the versions of an action (offset paging, wrapped as
// {versions, total, page, per_page}).
func (s *ActionsService) Versions(ctx context.Context, actionID string, opts *ListOptions) iter.Seq2[ActionVersion, error] {
	return offsetAll[ActionVersion](ctx, s.c, "actions/actions/"+escape(actionID)+"/versions", "versions", opts, false)
}

// Version returns one version of an action.
func (s *ActionsService) Version(ctx context.Context, actionID, versionID string) (*ActionVersion, error) {
	var v ActionVersion
	if _, err := s.c.get(ctx, "actions/actions/"+escape(actionID)+"/versions/"+escape(versionID), nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// Triggers returns the tenant's triggers, every version of each
// (/actions/triggers answers {triggers: [...]}, unpaged).
func (s *ActionsService) Triggers(ctx context.Context) ([]ActionTrigger, error) {
	var env struct {
		Triggers []ActionTrigger `json:"triggers"`
	}
	if _, err := s.c.get(ctx, "actions/triggers", nil, &env); err != nil {
		return nil, err
	}
	return env.Triggers, nil
}

// Bindings lists the actions bound to a trigger, in execution order
// (offset paging, wrapped as {bindings, total, page, per_page}).
func (s *ActionsService) Bindings(ctx context.Context, triggerID string, opts *ListOptions) iter.Seq2[ActionBinding, error] {
	return offsetAll[ActionBinding](ctx, s.c, bindingsPath(triggerID), "bindings", opts, false)
}

// BindingsPage returns one page of a trigger's bindings.
func (s *ActionsService) BindingsPage(ctx context.Context, triggerID string, opts *ListOptions) (*Page[ActionBinding], error) {
	return offsetList[ActionBinding](ctx, s.c, bindingsPath(triggerID), "bindings", opts, false)
}

func bindingsPath(triggerID string) string {
	return "actions/triggers/" + escape(triggerID) + "/bindings"
}
