package alerts_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/auth0mgmt/auth0test"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/alerts"
)

// Two scans of a tenant, someone widening a Management API grant and
// turning brute-force protection off in between.
func ExampleAlerts() {
	ctx := context.Background()
	srv := auth0test.NewServer(auth0test.Options{Seed: 42})
	defer srv.Close()
	client, _ := auth0mgmt.New(auth0mgmt.Config{Domain: srv.URL(), Token: srv.Token()})
	opts := inventory.Options{Now: auth0test.BaseTime, Tenant: "https://" + srv.Tenant().Domain()}
	scanAndJudge := func() (*inventory.Snapshot, *posture.Result) {
		snap, _ := inventory.Collect(ctx, client, opts)
		res, _ := posture.Run(ctx, snap, posture.Options{})
		return snap, res
	}

	before, beforeRes := scanAndJudge()
	_ = srv.SetField(auth0test.KindClientGrants, "cgr_IWMKx9WvsV4CjQQx", "scope", []string{"read:users", "read:logs", "read:stats", "update:users"})
	_ = srv.SetSetting("brute-force-protection", "enabled", false)
	after, afterRes := scanAndJudge()

	for _, a := range alerts.Alerts(before, after, beforeRes, afterRes, alerts.Options{MinSeverity: posture.SeverityMedium}) {
		fmt.Println(a.Severity, a.Rule, a.Resource.Name)
		for _, c := range a.Changes {
			fmt.Println("   ", c)
		}
	}
	// Output:
	// critical ALR-GRANT-001 Reporting Service → Auth0 Management API
	//     scope: +update:users
	// high ALR-ATK-001 Brute-force protection
	//     enabled: true → false
}

// A receiver checks each request's signature on the raw body before it
// decodes anything, then uses the Idempotency-Key to process each alert
// once.
func ExampleVerifySignature() {
	secret := "whsec-shared-with-the-receiver" // in practice: os.Getenv("AUTHLENS_WEBHOOK_SECRET")
	seen := map[string]bool{}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		if err := alerts.VerifySignature(secret, body, r.Header); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		key := r.Header.Get(alerts.HeaderIdempotencyKey)
		if seen[key] {
			w.WriteHeader(http.StatusOK) // a redelivery: acknowledge, do nothing
			return
		}
		seen[key] = true
		var a alerts.Alert
		if err := json.Unmarshal(body, &a); err != nil {
			http.Error(w, "not an alert", http.StatusBadRequest)
			return
		}
		fmt.Println("verified:", a.Severity, a.Rule, a.Resource)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()

	sink, err := alerts.NewWebhook(alerts.WebhookConfig{URL: receiver.URL, Secret: alerts.NewSecret(secret)})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	a := alerts.Alert{Rule: alerts.RuleBruteForceDown, Severity: posture.SeverityHigh, Title: "Brute-force protection turned down",
		Resource: posture.Resource{Kind: inventory.KindAttackProtection, ID: "brute-force-protection"}, Key: "3f2a9c"}
	for range 2 { // the second delivery is recognised by its key
		if err := sink.Send(context.Background(), []alerts.Alert{a}); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// verified: high ALR-ATK-001 attack_protection/brute-force-protection
}
