// Package authlens is the root of a Go SDK for teams that run their logins
// on Auth0. Import the package for your task: auth0mgmt and inventory to
// read a tenant, posture to judge it, riskscore to decide a login from
// risk scores, biometric for a facial-biometric step-up. This package holds
// no code; its Example scans a fake tenant and judges it:
//
//	client, _ := auth0mgmt.New(auth0mgmt.Config{Domain: domain, ClientID: id, ClientSecret: secret})
//	snap, _ := inventory.Collect(ctx, client, inventory.Options{})
//	res, _ := posture.Run(ctx, snap, posture.Options{MinSeverity: posture.SeverityHigh})
//
// # Packages
//
//   - auth0mgmt reads a whole tenant through the Auth0 Management API v2:
//     typed models that keep every field, offset and checkpoint paging to the
//     last record, the users export job past the 1000-user cap, pacing from
//     the X-RateLimit-* headers, typed errors. auth0mgmt/auth0test is an
//     in-process fake tenant with its limits and failures, for your tests.
//   - inventory collects a tenant into a deterministic, redacted snapshot
//     that can be saved, loaded and diffed.
//   - posture judges a snapshot with a catalogue of security checks;
//     posture/report writes the findings as JSON, SARIF or Markdown;
//     posture/graph builds the identity graph, effective access and attack
//     paths; posture/alerts and posture/watch raise alerts on the changes
//     between two scans.
//   - riskscore decides allow, MFA or deny from risk signals;
//     riskscore/seczetta reads SecZetta risk scores and
//     riskscore/seczetta/seczettatest fakes SecZetta; riskscore/riskhttp
//     serves decisions over HTTP.
//   - biometric implements authID Verified step-up over Auth0's signed
//     redirect, both ends; biometric/verifiedhttp is the Verified side as an
//     http.Handler and biometric/verifiedtest fakes Verified.
//   - examples/ holds programs to start from: tenantscan, riskgate, stepup.
//
// riskscore and biometric do not import auth0mgmt, and nothing imports
// examples/: a service that only decides logins pulls in no Management API
// client. Redis and Prometheus clients are pulled in only by the packages
// that use them (riskscore/redisstore, biometric/redisreplay,
// riskscore/riskprom, biometric/verifiedhttp). The README says which
// package pulls which dependency, how to test your code with the fakes,
// and what the version numbers promise.
package authlens
