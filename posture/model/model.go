package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/inventory"
)

// Tenant is a snapshot decoded for judging. Each kind is decoded the first
// time it is asked for and kept; accessors are safe for concurrent use.
// Records keep the order of their ids in the snapshot.
type Tenant struct {
	snap *inventory.Snapshot
	// Domain is the tenant's canonical host ("example.eu.auth0.com"),
	// taken from the snapshot's tenant URL.
	Domain string

	clients          lazy[[]auth0mgmt.Application]
	clientGrants     lazy[[]auth0mgmt.ClientGrant]
	resourceServers  lazy[[]auth0mgmt.ResourceServer]
	connections      lazy[[]Connection]
	roles            lazy[[]inventory.RoleRecord]
	organizations    lazy[[]inventory.OrganizationRecord]
	users            lazy[[]inventory.UserShape]
	actions          lazy[[]auth0mgmt.Action]
	triggers         lazy[[]inventory.TriggerRecord]
	rules            lazy[[]auth0mgmt.Rule]
	hooks            lazy[[]auth0mgmt.Hook]
	logStreams       lazy[[]auth0mgmt.LogStream]
	logs             lazy[[]auth0mgmt.Log]
	customDomains    lazy[[]auth0mgmt.CustomDomain]
	emailTemplates   lazy[[]auth0mgmt.EmailTemplate]
	guardianFactors  lazy[[]auth0mgmt.GuardianFactor]
	networkACLs      lazy[[]auth0mgmt.NetworkACL]
	signingKeys      lazy[[]auth0mgmt.SigningKey]
	settings         lazy[*auth0mgmt.TenantSettings]
	emailProvider    lazy[*auth0mgmt.EmailProvider]
	guardianPolicies lazy[[]string]
	bruteForce       lazy[*auth0mgmt.BruteForceProtection]
	breached         lazy[*auth0mgmt.BreachedPasswordDetection]
	suspiciousIP     lazy[*auth0mgmt.SuspiciousIPThrottling]
	botDetection     lazy[*auth0mgmt.BotDetection]

	flows             lazy[[]auth0mgmt.Flow]
	eventStreams      lazy[[]auth0mgmt.EventStream]
	scim              lazy[[]inventory.SCIMRecord]
	clientCredentials lazy[[]inventory.ClientCredentialsRecord]
	tokenExchange     lazy[[]auth0mgmt.TokenExchangeProfile]

	guardianProviders lazy[*GuardianProviders]

	index lazy[*indexes]
}

// lazy is a value decoded once.
type lazy[T any] struct {
	once sync.Once
	v    T
	err  error
}

func (l *lazy[T]) get(f func() (T, error)) (T, error) {
	l.once.Do(func() { l.v, l.err = f() })
	return l.v, l.err
}

// New wraps a snapshot. It decodes nothing yet.
func New(snap *inventory.Snapshot) *Tenant {
	t := &Tenant{snap: snap}
	if snap != nil {
		t.Domain = hostOf(snap.Tenant)
	}
	return t
}

func hostOf(tenant string) string {
	if u, err := url.Parse(tenant); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return strings.TrimSuffix(strings.TrimPrefix(tenant, "https://"), "/")
}

// Snapshot returns the snapshot the tenant was decoded from.
func (t *Tenant) Snapshot() *inventory.Snapshot { return t.snap }

// ManagementAudience is the audience of the tenant's Management API,
// "https://DOMAIN/api/v2/".
func (t *Tenant) ManagementAudience() string { return "https://" + t.Domain + "/api/v2/" }

// IsManagementAudience reports whether aud names the Management API: the
// tenant's own audience, or the identifier of a system API ending in
// "/api/v2/" (a snapshot named after a custom domain or a proxy still
// names the API by the canonical domain).
func (t *Tenant) IsManagementAudience(aud string) bool {
	if aud == "" {
		return false
	}
	if strings.EqualFold(strings.TrimSuffix(aud, "/"), strings.TrimSuffix(t.ManagementAudience(), "/")) {
		return true
	}
	ix, err := t.indexes()
	if err != nil || ix == nil {
		return isMgmtIdentifier(aud)
	}
	if rs, ok := ix.rsByIdentifier[aud]; ok {
		return rs.IsSystem != nil && *rs.IsSystem && isMgmtIdentifier(aud)
	}
	return false
}

func isMgmtIdentifier(aud string) bool {
	u, err := url.Parse(aud)
	return err == nil && u.Scheme == "https" && (u.Path == "/api/v2/" || u.Path == "/api/v2")
}

// ---- availability -------------------------------------------------------

// NotReadError says why a kind cannot be judged: it is absent from the
// snapshot, forbidden (MissingScopes names the scope), failed, or a record
// of it does not decode.
type NotReadError struct {
	Kind          inventory.Kind
	Status        inventory.Status // "" when the kind is absent
	MissingScopes []string
	Reason        string
}

func (e *NotReadError) Error() string {
	return fmt.Sprintf("%s: %s", e.Kind, e.Reason)
}

// Read returns nil when kind k was read (ok, partial, not_configured or
// unavailable), and a *NotReadError saying why not otherwise.
func (t *Tenant) Read(k inventory.Kind) error {
	r := t.snap.Kind(k)
	if r == nil {
		return &NotReadError{Kind: k, Reason: "not in the snapshot (the scan did not read it)"}
	}
	if r.Status.Read() {
		return nil
	}
	reason := r.Note()
	if reason == "" {
		reason = string(r.Status)
	}
	return &NotReadError{Kind: k, Status: r.Status, MissingScopes: slices.Clone(r.MissingScopes), Reason: reason}
}

// Complete reports whether every record of kind k was read (see
// inventory.Status.Complete).
func (t *Tenant) Complete(k inventory.Kind) bool {
	r := t.snap.Kind(k)
	return r != nil && r.Status.Complete()
}

// Has reports whether the snapshot holds record id of kind k.
func (t *Tenant) Has(k inventory.Kind, id string) bool {
	return t.snap.Kind(k).Record(id) != nil
}

// Gaps returns the gaps of kind k whose part is part ("members",
// "enabled_connections", ...).
func (t *Tenant) Gaps(k inventory.Kind, part string) []inventory.Gap {
	r := t.snap.Kind(k)
	if r == nil {
		return nil
	}
	var out []inventory.Gap
	for _, g := range r.Gaps {
		if g.Part == part {
			out = append(out, g)
		}
	}
	return out
}

// decodeAll decodes every record of k, in id order. A kind that was not
// read gives its *NotReadError; a record that does not decode a
// *NotReadError naming it.
func decodeAll[T any](t *Tenant, k inventory.Kind) ([]T, error) {
	if err := t.Read(k); err != nil {
		return nil, err
	}
	r := t.snap.Kind(k)
	out := make([]T, 0, len(r.Records))
	for _, id := range r.IDs() {
		var v T
		if err := unmarshalRecord(r.Records[id], &v); err != nil {
			return nil, &NotReadError{Kind: k, Status: r.Status, Reason: fmt.Sprintf("record %q does not decode: %v", id, err)}
		}
		out = append(out, v)
	}
	return out, nil
}

// decodeOne decodes record id of k; nil when the record is absent.
func decodeOne[T any](t *Tenant, k inventory.Kind, id string) (*T, error) {
	if err := t.Read(k); err != nil {
		return nil, err
	}
	raw := t.snap.Kind(k).Record(id)
	if raw == nil {
		return nil, nil
	}
	v := new(T)
	if err := unmarshalRecord(raw, v); err != nil {
		return nil, &NotReadError{Kind: k, Status: t.snap.Kind(k).Status, Reason: fmt.Sprintf("record %q does not decode: %v", id, err)}
	}
	return v, nil
}

// unmarshalRecord decodes a snapshot record into v. The snapshot's
// redaction replaces some values whole with the string "[REDACTED]",
// whatever their type (applications' signing_keys): a typed field cannot
// hold that string, so such members are dropped and the record decoded
// again. Any other mismatch is an error.
func unmarshalRecord(raw []byte, v any) error {
	if bytes.Contains(raw, redactedSigningKeys) {
		// the common case (every application), without the retries below
		raw = bytes.ReplaceAll(raw, redactedSigningKeys, nullSigningKeys)
	}
	err := json.Unmarshal(raw, v)
	if err == nil || !bytes.Contains(raw, []byte(redactedJSON)) {
		return err
	}
	var tree any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&tree) != nil {
		return err
	}
	for range 32 {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || te.Value != "string" || te.Field == "" ||
			!dropRedacted(tree, strings.Split(te.Field, ".")) {
			return err
		}
		b, merr := json.Marshal(tree)
		if merr != nil {
			return err
		}
		if err = json.Unmarshal(b, v); err == nil {
			return nil
		}
	}
	return err
}

const redactedJSON = `"` + inventory.Redacted + `"`

// Applications' signing_keys, an array redacted whole in every snapshot.
var (
	redactedSigningKeys = []byte(`"signing_keys":` + redactedJSON)
	nullSigningKeys     = []byte(`"signing_keys":null`)
)

// dropRedacted deletes the member at path (through arrays, in every
// element) where its value is the redaction marker; it reports whether it
// deleted anything.
func dropRedacted(node any, path []string) bool {
	switch n := node.(type) {
	case []any:
		dropped := false
		for _, e := range n {
			dropped = dropRedacted(e, path) || dropped
		}
		return dropped
	case map[string]any:
		if len(path) == 1 {
			if s, ok := n[path[0]].(string); ok && s == inventory.Redacted {
				delete(n, path[0])
				return true
			}
			return false
		}
		return dropRedacted(n[path[0]], path[1:])
	}
	return false
}

// ---- kinds --------------------------------------------------------------

// Clients returns the applications.
func (t *Tenant) Clients() ([]auth0mgmt.Application, error) {
	return t.clients.get(func() ([]auth0mgmt.Application, error) {
		return decodeAll[auth0mgmt.Application](t, inventory.KindClients)
	})
}

// ClientGrants returns the client grants.
func (t *Tenant) ClientGrants() ([]auth0mgmt.ClientGrant, error) {
	return t.clientGrants.get(func() ([]auth0mgmt.ClientGrant, error) {
		return decodeAll[auth0mgmt.ClientGrant](t, inventory.KindClientGrants)
	})
}

// ResourceServers returns the APIs.
func (t *Tenant) ResourceServers() ([]auth0mgmt.ResourceServer, error) {
	return t.resourceServers.get(func() ([]auth0mgmt.ResourceServer, error) {
		return decodeAll[auth0mgmt.ResourceServer](t, inventory.KindResourceServers)
	})
}

// Connection is a connection of the snapshot with the applications it is
// enabled for.
type Connection struct {
	auth0mgmt.Connection
	// EnabledClientsRead is false when the snapshot lacks the listing of
	// the connection's applications (the kind's "clients" gap); then
	// EnabledClients is nil and must not be read as "none".
	EnabledClientsRead bool
}

// UnmarshalJSON decodes a record of inventory.KindConnections.
func (c *Connection) UnmarshalJSON(b []byte) error {
	var aux struct {
		EnabledClients *[]string `json:"enabled_clients"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	if err := json.Unmarshal(b, &c.Connection); err != nil {
		return err
	}
	delete(c.Connection.Extra, "enabled_clients")
	c.EnabledClientsRead = aux.EnabledClients != nil
	if aux.EnabledClients != nil {
		c.EnabledClients = *aux.EnabledClients
	}
	return nil
}

// Connections returns the connections.
func (t *Tenant) Connections() ([]Connection, error) {
	return t.connections.get(func() ([]Connection, error) {
		return decodeAll[Connection](t, inventory.KindConnections)
	})
}

// Roles returns the roles with their permissions and members (nil lists
// were not read: see the kind's gaps).
func (t *Tenant) Roles() ([]inventory.RoleRecord, error) {
	return t.roles.get(func() ([]inventory.RoleRecord, error) {
		return decodeAll[inventory.RoleRecord](t, inventory.KindRoles)
	})
}

// Organizations returns the organizations with their members, enabled
// connections and invitations.
func (t *Tenant) Organizations() ([]inventory.OrganizationRecord, error) {
	return t.organizations.get(func() ([]inventory.OrganizationRecord, error) {
		return decodeAll[inventory.OrganizationRecord](t, inventory.KindOrganizations)
	})
}

// Users returns every user as a shape, also from a snapshot of full
// profiles.
func (t *Tenant) Users() ([]inventory.UserShape, error) {
	return t.users.get(func() ([]inventory.UserShape, error) {
		if !t.snap.Scan.FullProfiles {
			return decodeAll[inventory.UserShape](t, inventory.KindUsers)
		}
		full, err := decodeAll[auth0mgmt.User](t, inventory.KindUsers)
		if err != nil {
			return nil, err
		}
		out := make([]inventory.UserShape, len(full))
		for i := range full {
			out[i] = inventory.ShapeOf(&full[i])
		}
		return out, nil
	})
}

// UserCount returns the number of users in the snapshot without decoding
// them.
func (t *Tenant) UserCount() (int, error) {
	if err := t.Read(inventory.KindUsers); err != nil {
		return 0, err
	}
	return len(t.snap.Kind(inventory.KindUsers).Records), nil
}

// Actions returns the Actions.
func (t *Tenant) Actions() ([]auth0mgmt.Action, error) {
	return t.actions.get(func() ([]auth0mgmt.Action, error) {
		return decodeAll[auth0mgmt.Action](t, inventory.KindActions)
	})
}

// Triggers returns the bindings of every trigger read, by trigger id.
func (t *Tenant) Triggers() ([]inventory.TriggerRecord, error) {
	return t.triggers.get(func() ([]inventory.TriggerRecord, error) {
		return decodeAll[inventory.TriggerRecord](t, inventory.KindTriggerBindings)
	})
}

// Rules returns the Rules (none when the tenant no longer has them).
func (t *Tenant) Rules() ([]auth0mgmt.Rule, error) {
	return t.rules.get(func() ([]auth0mgmt.Rule, error) {
		return decodeAll[auth0mgmt.Rule](t, inventory.KindRules)
	})
}

// Hooks returns the Hooks (none when the tenant no longer has them).
func (t *Tenant) Hooks() ([]auth0mgmt.Hook, error) {
	return t.hooks.get(func() ([]auth0mgmt.Hook, error) {
		return decodeAll[auth0mgmt.Hook](t, inventory.KindHooks)
	})
}

// LogStreams returns the log streams.
func (t *Tenant) LogStreams() ([]auth0mgmt.LogStream, error) {
	return t.logStreams.get(func() ([]auth0mgmt.LogStream, error) {
		return decodeAll[auth0mgmt.LogStream](t, inventory.KindLogStreams)
	})
}

// Logs returns the log events of the scan's window, oldest first.
func (t *Tenant) Logs() ([]auth0mgmt.Log, error) {
	return t.logs.get(func() ([]auth0mgmt.Log, error) {
		return decodeAll[auth0mgmt.Log](t, inventory.KindLogs)
	})
}

// CustomDomains returns the custom domains.
func (t *Tenant) CustomDomains() ([]auth0mgmt.CustomDomain, error) {
	return t.customDomains.get(func() ([]auth0mgmt.CustomDomain, error) {
		return decodeAll[auth0mgmt.CustomDomain](t, inventory.KindCustomDomains)
	})
}

// EmailTemplates returns the configured email templates.
func (t *Tenant) EmailTemplates() ([]auth0mgmt.EmailTemplate, error) {
	return t.emailTemplates.get(func() ([]auth0mgmt.EmailTemplate, error) {
		return decodeAll[auth0mgmt.EmailTemplate](t, inventory.KindEmailTemplates)
	})
}

// GuardianFactors returns the MFA factors.
func (t *Tenant) GuardianFactors() ([]auth0mgmt.GuardianFactor, error) {
	return t.guardianFactors.get(func() ([]auth0mgmt.GuardianFactor, error) {
		return decodeAll[auth0mgmt.GuardianFactor](t, inventory.KindGuardianFactors)
	})
}

// NetworkACLs returns the network ACLs.
func (t *Tenant) NetworkACLs() ([]auth0mgmt.NetworkACL, error) {
	return t.networkACLs.get(func() ([]auth0mgmt.NetworkACL, error) {
		return decodeAll[auth0mgmt.NetworkACL](t, inventory.KindNetworkACLs)
	})
}

// SigningKeys returns the tenant's signing keys (public parts).
func (t *Tenant) SigningKeys() ([]auth0mgmt.SigningKey, error) {
	return t.signingKeys.get(func() ([]auth0mgmt.SigningKey, error) {
		return decodeAll[auth0mgmt.SigningKey](t, inventory.KindSigningKeys)
	})
}

// Flows returns the Flows of Forms with their actions (HTTP header values
// and basic-auth passwords redacted by the snapshot).
func (t *Tenant) Flows() ([]auth0mgmt.Flow, error) {
	return t.flows.get(func() ([]auth0mgmt.Flow, error) {
		return decodeAll[auth0mgmt.Flow](t, inventory.KindFlows)
	})
}

// EventStreams returns the event streams (destination credentials
// redacted).
func (t *Tenant) EventStreams() ([]auth0mgmt.EventStream, error) {
	return t.eventStreams.get(func() ([]auth0mgmt.EventStream, error) {
		return decodeAll[auth0mgmt.EventStream](t, inventory.KindEventStreams)
	})
}

// SCIMConfigurations returns the SCIM configurations with their tokens
// (nil Tokens: not read, see the kind's gaps).
func (t *Tenant) SCIMConfigurations() ([]inventory.SCIMRecord, error) {
	return t.scim.get(func() ([]inventory.SCIMRecord, error) {
		return decodeAll[inventory.SCIMRecord](t, inventory.KindSCIMConfigurations)
	})
}

// ClientCredentials returns the credentials of the applications that
// authenticate with some.
func (t *Tenant) ClientCredentials() ([]inventory.ClientCredentialsRecord, error) {
	return t.clientCredentials.get(func() ([]inventory.ClientCredentialsRecord, error) {
		return decodeAll[inventory.ClientCredentialsRecord](t, inventory.KindClientCredentials)
	})
}

// TokenExchangeProfiles returns the custom token exchange profiles.
func (t *Tenant) TokenExchangeProfiles() ([]auth0mgmt.TokenExchangeProfile, error) {
	return t.tokenExchange.get(func() ([]auth0mgmt.TokenExchangeProfile, error) {
		return decodeAll[auth0mgmt.TokenExchangeProfile](t, inventory.KindTokenExchangeProfiles)
	})
}

// AsOf returns when the snapshot was taken, as well as the snapshot can
// tell: its CollectedAt when recorded, else the date of the newest log
// event read (the scan reads up to its own time). ok is false when it
// holds neither: checks that compare dates with the scan's time cannot
// judge then. Checks that call it read inventory.KindLogs.
func (t *Tenant) AsOf() (at time.Time, ok bool) {
	if !t.snap.CollectedAt.IsZero() {
		return t.snap.CollectedAt.UTC(), true
	}
	logs := t.snap.Kind(inventory.KindLogs)
	if logs == nil {
		return at, false
	}
	date := func(raw json.RawMessage) {
		var l struct {
			Date string `json:"date"`
		}
		if json.Unmarshal(raw, &l) != nil {
			return
		}
		if v, err := time.Parse(time.RFC3339Nano, l.Date); err == nil && v.After(at) {
			at, ok = v.UTC(), true
		}
	}
	if raw := logs.Record(t.snap.Scan.LogCheckpoint); raw != nil {
		date(raw)
		return at, ok
	}
	for _, raw := range logs.Records {
		date(raw)
	}
	return at, ok
}

// Record ids of the singleton kinds.
const (
	SettingsID         = "settings"
	EmailProviderID    = "provider"
	GuardianPoliciesID = "mfa_policies"
	BruteForceID       = "brute-force-protection"
	BreachedPasswordID = "breached-password-detection"
	SuspiciousIPID     = "suspicious-ip-throttling"
	BotDetectionID     = "bot-detection"
)

// Settings returns the tenant settings (nil when the record is absent).
func (t *Tenant) Settings() (*auth0mgmt.TenantSettings, error) {
	return t.settings.get(func() (*auth0mgmt.TenantSettings, error) {
		return decodeOne[auth0mgmt.TenantSettings](t, inventory.KindTenantSettings, SettingsID)
	})
}

// EmailProvider returns the email provider (nil when none is configured).
func (t *Tenant) EmailProvider() (*auth0mgmt.EmailProvider, error) {
	return t.emailProvider.get(func() (*auth0mgmt.EmailProvider, error) {
		return decodeOne[auth0mgmt.EmailProvider](t, inventory.KindEmailProvider, EmailProviderID)
	})
}

// GuardianPolicies returns the MFA policies (empty: MFA is never required
// by policy).
func (t *Tenant) GuardianPolicies() ([]string, error) {
	return t.guardianPolicies.get(func() ([]string, error) {
		v, err := decodeOne[struct {
			Policies []string `json:"policies"`
		}](t, inventory.KindGuardianPolicies, GuardianPoliciesID)
		if err != nil || v == nil {
			return nil, err
		}
		return v.Policies, nil
	})
}

// BruteForce returns the brute-force protection settings (nil when the
// record is absent: the kind's gaps say why).
func (t *Tenant) BruteForce() (*auth0mgmt.BruteForceProtection, error) {
	return t.bruteForce.get(func() (*auth0mgmt.BruteForceProtection, error) {
		return decodeOne[auth0mgmt.BruteForceProtection](t, inventory.KindAttackProtection, BruteForceID)
	})
}

// BreachedPassword returns the breached password detection settings.
func (t *Tenant) BreachedPassword() (*auth0mgmt.BreachedPasswordDetection, error) {
	return t.breached.get(func() (*auth0mgmt.BreachedPasswordDetection, error) {
		return decodeOne[auth0mgmt.BreachedPasswordDetection](t, inventory.KindAttackProtection, BreachedPasswordID)
	})
}

// SuspiciousIP returns the suspicious IP throttling settings.
func (t *Tenant) SuspiciousIP() (*auth0mgmt.SuspiciousIPThrottling, error) {
	return t.suspiciousIP.get(func() (*auth0mgmt.SuspiciousIPThrottling, error) {
		return decodeOne[auth0mgmt.SuspiciousIPThrottling](t, inventory.KindAttackProtection, SuspiciousIPID)
	})
}

// BotDetection returns the bot detection settings.
func (t *Tenant) BotDetection() (*auth0mgmt.BotDetection, error) {
	return t.botDetection.get(func() (*auth0mgmt.BotDetection, error) {
		return decodeOne[auth0mgmt.BotDetection](t, inventory.KindAttackProtection, BotDetectionID)
	})
}

// ---- lookups ------------------------------------------------------------

type indexes struct {
	clientByID     map[string]*auth0mgmt.Application
	rsByIdentifier map[string]*auth0mgmt.ResourceServer
	connByName     map[string]*Connection
	connByID       map[string]*Connection
	roleByID       map[string]*inventory.RoleRecord
}

// indexes builds the lookups of the kinds that were read; a kind not read
// leaves its map empty.
func (t *Tenant) indexes() (*indexes, error) {
	return t.index.get(func() (*indexes, error) {
		ix := &indexes{
			clientByID:     map[string]*auth0mgmt.Application{},
			rsByIdentifier: map[string]*auth0mgmt.ResourceServer{},
			connByName:     map[string]*Connection{},
			connByID:       map[string]*Connection{},
			roleByID:       map[string]*inventory.RoleRecord{},
		}
		if cs, err := t.Clients(); err == nil {
			for i := range cs {
				ix.clientByID[cs[i].ClientID] = &cs[i]
			}
		}
		if rs, err := t.ResourceServers(); err == nil {
			for i := range rs {
				ix.rsByIdentifier[rs[i].Identifier] = &rs[i]
			}
		}
		if cs, err := t.Connections(); err == nil {
			for i := range cs {
				ix.connByName[cs[i].Name] = &cs[i]
				ix.connByID[cs[i].ID] = &cs[i]
			}
		}
		if rs, err := t.Roles(); err == nil {
			for i := range rs {
				ix.roleByID[rs[i].Role.ID] = &rs[i]
			}
		}
		return ix, nil
	})
}

// Client returns the application with this client id.
func (t *Tenant) Client(id string) (*auth0mgmt.Application, bool) {
	ix, _ := t.indexes()
	c, ok := ix.clientByID[id]
	return c, ok
}

// ResourceServer returns the API with this identifier (audience).
func (t *Tenant) ResourceServer(identifier string) (*auth0mgmt.ResourceServer, bool) {
	ix, _ := t.indexes()
	rs, ok := ix.rsByIdentifier[identifier]
	return rs, ok
}

// ConnectionByName returns the connection with this name.
func (t *Tenant) ConnectionByName(name string) (*Connection, bool) {
	ix, _ := t.indexes()
	c, ok := ix.connByName[name]
	return c, ok
}

// ConnectionByID returns the connection with this id.
func (t *Tenant) ConnectionByID(id string) (*Connection, bool) {
	ix, _ := t.indexes()
	c, ok := ix.connByID[id]
	return c, ok
}

// Role returns the role with this id.
func (t *Tenant) Role(id string) (*inventory.RoleRecord, bool) {
	ix, _ := t.indexes()
	r, ok := ix.roleByID[id]
	return r, ok
}

// Decode decodes kind k (the first time) and returns why it cannot be
// judged, or nil. Kinds the model does not decode (branding, prompts,
// rules configs) only need to have been read, and so do users: Users
// decodes them when asked for.
func (t *Tenant) Decode(k inventory.Kind) error {
	var err error
	switch k {
	case inventory.KindClients:
		_, err = t.Clients()
	case inventory.KindClientGrants:
		_, err = t.ClientGrants()
	case inventory.KindResourceServers:
		_, err = t.ResourceServers()
	case inventory.KindConnections:
		_, err = t.Connections()
	case inventory.KindRoles:
		_, err = t.Roles()
	case inventory.KindOrganizations:
		_, err = t.Organizations()
	case inventory.KindUsers:
		// Tens of thousands of users are decoded only when asked for
		// (Users); UserCount needs no decoding.
		err = t.Read(k)
	case inventory.KindActions:
		_, err = t.Actions()
	case inventory.KindTriggerBindings:
		_, err = t.Triggers()
	case inventory.KindRules:
		_, err = t.Rules()
	case inventory.KindHooks:
		_, err = t.Hooks()
	case inventory.KindLogStreams:
		_, err = t.LogStreams()
	case inventory.KindLogs:
		_, err = t.Logs()
	case inventory.KindCustomDomains:
		_, err = t.CustomDomains()
	case inventory.KindEmailTemplates:
		_, err = t.EmailTemplates()
	case inventory.KindGuardianFactors:
		_, err = t.GuardianFactors()
	case inventory.KindNetworkACLs:
		_, err = t.NetworkACLs()
	case inventory.KindSigningKeys:
		_, err = t.SigningKeys()
	case inventory.KindTenantSettings:
		_, err = t.Settings()
	case inventory.KindEmailProvider:
		_, err = t.EmailProvider()
	case inventory.KindGuardianPolicies:
		_, err = t.GuardianPolicies()
	case inventory.KindFlows:
		_, err = t.Flows()
	case inventory.KindEventStreams:
		_, err = t.EventStreams()
	case inventory.KindSCIMConfigurations:
		_, err = t.SCIMConfigurations()
	case inventory.KindClientCredentials:
		_, err = t.ClientCredentials()
	case inventory.KindTokenExchangeProfiles:
		_, err = t.TokenExchangeProfiles()
	case inventory.KindGuardianProviders:
		_, err = t.GuardianProviders()
	case inventory.KindAttackProtection:
		if _, err = t.BruteForce(); err == nil {
			if _, err = t.BreachedPassword(); err == nil {
				if _, err = t.SuspiciousIP(); err == nil {
					_, err = t.BotDetection()
				}
			}
		}
	default:
		err = t.Read(k)
	}
	return err
}
