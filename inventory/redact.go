package inventory

import (
	"encoding/json"
	"strings"
)

// Redacted replaces the value of every secret a snapshot would otherwise
// hold.
const Redacted = "[REDACTED]"

// The redaction rule, applied to every record before it enters a snapshot
// (one pass over the record's JSON; see the package documentation). Member
// names are compared normalised: lower case, letters and digits only
// ("X-Auth0-Client-Secret" is "xauth0clientsecret").
var (
	// sensitiveExact: a string or number under one of these names is a
	// secret.
	sensitiveExact = set("key", "secret", "password", "pass", "passwd", "pwd", "token", "apikey",
		"skey", "privatekey", "private", "credential", "credentials", "authorization", "bearer",
		"cookie", "connectionstring", "invitationurl", "ticketid", "ticket", "provisioningticketurl",
		"masterkey", "saskey", "clientsecret", "sessiontoken",
		// APNs' certificate with its private key (Guardian push), base64
		"p12")
	// sensitiveSuffixes: a name ending with one of these (also after
	// dropping a plural "s") is a secret: client_secret, consumer_secret,
	// signing_secret, access_token, refresh_token, twilio_token,
	// splunkToken, httpAuthorization, datadogApiKey, segmentWriteKey,
	// secretAccessKey, awsAccessKeyId, smtp_pass, ...
	sensitiveSuffixes = []string{"secret", "password", "passwd", "pass", "token", "key", "apikey",
		"authorization", "accesskeyid", "connectionstring", "ticketurl"}
	// safeNames are never secrets, whatever the rules above say: public
	// key material and identifiers (kid, cert, public keys, thumbprints).
	safeNames = set("kid", "keyid", "cert", "certificate", "pkcs7", "thumbprint", "thumbprints",
		"fingerprint", "publickey", "pubkey", "pub", "passkey", "passkeyoptions")
	// wholeValue: the whole value under these names is replaced, whatever
	// its JSON type (applications' signing_keys).
	wholeValue = set("signingkeys")
	// containers hold settings whose values are secret unless their name
	// is listed as harmless: every string or number beneath them is
	// redacted except under the listed names. Booleans and nulls are kept;
	// member names are kept.
	containers = map[string]*container{
		// email provider credentials, application credentials, signed
		// request object credentials
		"credentials": {safe: set("id", "name", "kid", "credentialtype", "alg", "createdat", "updatedat",
			"expiresat", "thumbprintsha256", "subjectdn", "pem", "smtphost", "smtpport", "smtpuser", "region",
			"domain", "scopes", "scope")},
		// log stream sinks: endpoints and account ids kept, keys, tokens
		// and source URLs (Sumo's embed a secret) redacted
		"sink": {safe: set("httpendpoint", "httpcontentformat", "httpcontenttype", "datadogregion",
			"splunkdomain", "splunkport", "splunksecure", "awsaccountid", "awsregion",
			"awspartnereventsource", "azuresubscriptionid", "azureresourcegroup", "azureregion",
			"azurepartnertopic", "mixpanelregion", "mixpanelprojectid", "mixpanelserviceaccountusername",
			"header")},
		// custom HTTP headers (connections' customHeaders, sinks'
		// httpCustomHeaders): header names kept as member names, values
		// redacted
		"customheaders":     {safe: set("header")},
		"httpcustomheaders": {safe: set("header")},
		// custom database connections' configuration: the variables the
		// scripts read (database passwords, API keys); also the
		// configuration of phone providers and event stream destinations,
		// whose endpoints, accounts and sender numbers are kept
		"configuration": {safe: set("webhookendpoint", "method", "awsaccountid", "awsregion", "awspartnereventsource",
			"sid", "defaultfrom", "deliverymethods", "actionid")},

		// Code is never redacted: a custom database script called
		// change_password is no password, and code hidden in a snapshot
		// is code nobody reviews. Literals in code that look like secrets
		// are for the posture checks to find. (Members named code or
		// script, see codeNames, are code as well.)
		"customscripts": {keep: keepCode},
		"scripts":       {keep: keepCode},
		// Metadata is data the tenant's admins (or users) chose to show,
		// not credentials: custom domains' domain_metadata, clients'
		// client_metadata, organizations' metadata, users' user_metadata.
		// A PEM private key is still redacted there. (app_metadata is
		// where Rules and Actions keep what they fetched for a user,
		// tokens included: the rules above apply to it.)
		"domainmetadata": {keep: keepMetadata},
		"clientmetadata": {keep: keepMetadata},
		"metadata":       {keep: keepMetadata},
		"usermetadata":   {keep: keepMetadata},
	}
	// codeNames: a string under one of these names is code, kept whole
	// (Actions' code and deployed_version.code, Rules' and Hooks' script).
	codeNames = set("code", "script")
)

// keepKind says what a container keeps.
type keepKind int

const (
	// keepSafe: the container's values are secrets unless listed as safe.
	keepSafe keepKind = iota
	// keepCode: everything beneath is kept as is.
	keepCode
	// keepMetadata: everything beneath is kept but PEM private keys.
	keepMetadata
)

// container is a secret container (see containers), or a code or
// metadata one.
type container struct {
	safe map[string]bool
	keep keepKind
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// normName lower-cases name and keeps only ASCII letters and digits.
func normName(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		}
	}
	return b.String()
}

// sensitiveName reports whether a string or number under this (normalised)
// member name is a secret.
func sensitiveName(n string) bool {
	if n == "" || safeNames[n] {
		return false
	}
	if sensitiveExact[n] {
		return true
	}
	for _, cand := range []string{n, strings.TrimSuffix(n, "s")} {
		if safeNames[cand] {
			return false
		}
		for _, suf := range sensitiveSuffixes {
			if strings.HasSuffix(cand, suf) {
				return true
			}
		}
	}
	return false
}

// redactor applies the rule while a tree is encoded.
type redactor struct{}

// enter returns the container the value of member name opens, or the one
// it already sits in.
func (*redactor) enter(name string, v any, cont *container) *container {
	if cont != nil && cont.keep != keepSafe {
		return cont // code and metadata keep all beneath them
	}
	switch v.(type) {
	case map[string]any, []any:
		if c, ok := containers[normName(name)]; ok {
			return c
		}
	}
	return cont
}

// replace returns the value that stands for v, the value of member name
// (or an element of its array), and whether it differs.
func (*redactor) replace(name string, v any, cont *container) (any, bool) {
	if name == "" || v == nil {
		return nil, false
	}
	if cont != nil && cont.keep == keepCode {
		return nil, false
	}
	n := normName(name)
	if _, isStr := v.(string); isStr && codeNames[n] && cont == nil {
		return nil, false
	}
	if wholeValue[n] && (cont == nil || cont.keep == keepSafe) {
		return Redacted, true
	}
	switch x := v.(type) {
	case string:
		if x == "" {
			// An empty secret discloses nothing and says "not set".
			return nil, false
		}
		if strings.Contains(x, "PRIVATE KEY") {
			// PEM private keys, whatever the member is called.
			return Redacted, true
		}
	case json.Number, float64, int, int64:
	default:
		return nil, false
	}
	if cont != nil && cont.keep == keepMetadata {
		return nil, false
	}
	if cont != nil && !cont.safe[n] {
		return Redacted, true
	}
	if sensitiveName(n) {
		return Redacted, true
	}
	return nil, false
}

// Redact returns the canonical form of the JSON value raw with every secret
// replaced by Redacted, following the rule of the package documentation. It
// is the pass every record goes through before it enters a snapshot.
func Redact(raw []byte) ([]byte, error) {
	return canonicalJSON(raw, true)
}
