// Package authlens is the root of an importable Go SDK for teams that run
// their logins on Auth0. It holds no code itself; the work is done by its
// packages:
//
//   - auth0mgmt reads a whole tenant through the Auth0 Management API v2:
//     typed models that keep every field, offset and checkpoint paging to the
//     last record, the users export job past the 1000-user cap, pacing from
//     the X-RateLimit-* headers, typed errors. auth0mgmt/auth0test is an
//     in-process fake tenant with its limits and failures.
//   - inventory collects a tenant into a deterministic, redacted snapshot
//     that can be saved, loaded and diffed.
//   - riskscore decides allow, MFA or deny from risk signals;
//     riskscore/seczetta reads SecZetta risk scores and
//     riskscore/seczetta/seczettatest fakes it.
//   - biometric implements authID Verified step-up over Auth0's signed
//     redirect, both ends; biometric/verifiedtest fakes Verified.
//   - examples/ holds programs to start from: tenantscan, riskgate, stepup.
//
// Arrows only point down: riskscore and biometric do not import auth0mgmt,
// and nothing imports examples/. Shared HTTP policy (retries, backoff,
// pacing, bounded reads, redaction) lives in internal/httpx.
package authlens
