// Package secretfmt recognises credentials by their format: AWS access
// key ids, Stripe and Slack tokens, private keys, JSON Web Tokens, HTTP
// Basic credentials, URLs with a password, ... It is the one detector
// shared by the snapshot's redaction (inventory, which must not keep a
// secret it can recognise) and the posture checks (which report literal
// credentials), so that both see the same values as secrets.
//
// Obvious stand-ins (AKIAIOSFODNN7EXAMPLE, "changeme", "{{vars.token}}")
// are not secrets: see Placeholder.
package secretfmt
