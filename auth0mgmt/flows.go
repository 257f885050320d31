package auth0mgmt

import (
	"context"
	"iter"
)

// Flow is a Flow of Auth0's Forms: a sequence of actions (HTTP requests,
// emails, calls to other services through vault connections) a form or
// a webhook runs. Listings may give a summary only; Get gives the
// actions.
type Flow struct {
	ID          string       `json:"id,omitempty"`
	Name        string       `json:"name,omitempty"`
	Description string       `json:"description,omitempty"`
	Synchronous bool         `json:"synchronous,omitempty"`
	Actions     []FlowAction `json:"actions,omitempty"`
	// Triggers is how the flow is started besides forms: a webhook
	// (whose secret the model hides from fmt).
	Triggers *FlowTriggers `json:"triggers,omitempty"`
	// Security is {rateLimits: [...]}.
	Security Object `json:"security,omitempty"`
	// FormCount is the number of forms that run the flow
	// (hydrate=form_count).
	FormCount  *int   `json:"form_count,omitempty"`
	CreatedAt  string `json:"created_at,omitempty"`
	UpdatedAt  string `json:"updated_at,omitempty"`
	ExecutedAt string `json:"executed_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// FlowAction is one step of a flow: Type is the service ("HTTP",
// "EMAIL", "AUTH0", "SLACK", ...), Action what it does ("SEND_REQUEST",
// ...), Params its settings (a vault connection_id, a URL, headers,
// a body: possibly credentials written in clear, so fmt shows the
// member names only).
type FlowAction struct {
	ID           string `json:"id,omitempty"`
	Alias        string `json:"alias,omitempty"`
	Type         string `json:"type,omitempty"`
	Action       string `json:"action,omitempty"`
	AllowFailure bool   `json:"allow_failure,omitempty"`
	MaskOutput   bool   `json:"mask_output,omitempty"`
	Params       Object `json:"params,omitempty"`
	Extra        Extra  `json:"-"`
}

// FlowTriggers are a flow's non-form triggers.
type FlowTriggers struct {
	Webhook *FlowWebhookTrigger `json:"webhook,omitempty"`
	Extra   Extra               `json:"-"`
}

// FlowWebhookTrigger lets a flow be started by an HTTP call signed with
// Secret.
type FlowWebhookTrigger struct {
	Enabled bool   `json:"enabled,omitempty"`
	Secret  Secret `json:"secret,omitempty"`
	Extra   Extra  `json:"-"`
}

// FlowVaultConnection is a stored connection of Flows to another service
// (HTTP with a bearer token, Slack, Stripe, ...): its credentials stay in
// Auth0's vault; the API shows a masked account name and a fingerprint.
type FlowVaultConnection struct {
	ID string `json:"id,omitempty"`
	// AppID is the service: HTTP, SLACK, STRIPE, GOOGLE_SHEETS, ...
	AppID       string `json:"app_id,omitempty"`
	Environment string `json:"environment,omitempty"`
	Name        string `json:"name,omitempty"`
	// AccountName is the account the connection acts as; for an HTTP
	// bearer connection, the token masked in the middle ("Bearer
	// my-***ken"): a Secret, so fmt does not show it.
	AccountName Secret `json:"account_name,omitempty"`
	Ready       bool   `json:"ready,omitempty"`
	// Setup holds the connection's settings when the API returns them
	// (values are credentials: fmt shows the member names only).
	Setup       Object `json:"setup,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty"`
	CreatedAt   string `json:"created_at,omitempty"`
	UpdatedAt   string `json:"updated_at,omitempty"`
	RefreshedAt string `json:"refreshed_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// All lists every flow (offset paging with include_totals, items under
// flows).
func (s *FlowsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Flow, error] {
	return offsetAll[Flow](ctx, s.c, "flows", "flows", opts, true)
}

// List returns one page of flows.
func (s *FlowsService) List(ctx context.Context, opts *ListOptions) (*Page[Flow], error) {
	return offsetList[Flow](ctx, s.c, "flows", "flows", opts, true)
}

// Get returns one flow with its actions.
func (s *FlowsService) Get(ctx context.Context, id string) (*Flow, error) {
	var f Flow
	if _, err := s.c.get(ctx, "flows/"+escape(id), nil, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// VaultConnections lists every vault connection (offset paging with
// include_totals, items under connections; needs
// read:flows_vault_connections).
func (s *FlowsService) VaultConnections(ctx context.Context, opts *ListOptions) iter.Seq2[FlowVaultConnection, error] {
	return offsetAll[FlowVaultConnection](ctx, s.c, "flows/vault/connections", "connections", opts, true)
}

// VaultConnectionsPage returns one page of vault connections.
func (s *FlowsService) VaultConnectionsPage(ctx context.Context, opts *ListOptions) (*Page[FlowVaultConnection], error) {
	return offsetList[FlowVaultConnection](ctx, s.c, "flows/vault/connections", "connections", opts, true)
}

// VaultConnection returns one vault connection.
func (s *FlowsService) VaultConnection(ctx context.Context, id string) (*FlowVaultConnection, error) {
	var v FlowVaultConnection
	if _, err := s.c.get(ctx, "flows/vault/connections/"+escape(id), nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}
