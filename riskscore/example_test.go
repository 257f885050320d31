package riskscore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

func ExampleDecide() {
	p := riskscore.DefaultPolicy() // MFA above 5, deny from 7.5
	for _, score := range []float64{5, 5.01, 7.5, 8.25} {
		d := riskscore.Decide(score, p)
		fmt.Printf("%v: %v %v %q\n", score, d.Outcome, d.Reason, d.Message())
	}
	// Output:
	// 5: allow score_within_allowable ""
	// 5.01: mfa score_above_allowable ""
	// 7.5: deny score_at_or_above_max "A 7.5 Risk score is too high. Maximum acceptable risk is 7.5"
	// 8.25: deny score_at_or_above_max "A 8.25 Risk score is too high. Maximum acceptable risk is 7.5"
}

func ExampleDecision_Message() {
	p := riskscore.Policy{AllowableRisk: 4.5, MaxRisk: 7, DenyMessage: "Access refused: risk {score} (limit {max})."}
	fmt.Println(riskscore.Decide(7.25, p).Message())
	// Output:
	// Access refused: risk 7.25 (limit 7).
}

func ExamplePolicy_Validate() {
	err := riskscore.Policy{AllowableRisk: 7.5, MaxRisk: 5}.Validate()
	fmt.Println(err)
	// Output:
	// riskscore.Policy.MaxRisk: is 5, not greater than AllowableRisk (7.5); denial starts at MaxRisk, MFA above AllowableRisk: swap them if they are reversed, or start from riskscore.DefaultPolicy() (MFA above 5, deny at 7.5)
}

func ExampleCombine() {
	p := riskscore.DefaultPolicy()
	seczettaSignal := riskscore.Decide(2, p)
	seczettaSignal.Source = "seczetta"
	auth0Signal := riskscore.Auth0Policy{}.DecideJSON([]byte(
		`{"confidence":"low","version":"1","assessments":{"NewDevice":{"confidence":"low","code":"no_match"}}}`))

	v := riskscore.Combine(seczettaSignal, auth0Signal)
	fmt.Println(v.Outcome)
	for _, d := range v.Signals {
		fmt.Println(d)
	}
	// Output:
	// mfa
	// allow (seczetta: score_within_allowable, score 2)
	// mfa (auth0: confidence_low, NewDevice=low(no_match))
}

func ExampleEvaluator() {
	// A fake SecZetta tenant with one user in the MFA range.
	srv := seczettatest.NewServer(seczettatest.Options{})
	defer srv.Close()
	srv.AddUser(6, "bob")

	client, err := seczetta.New(srv.Config())
	if err != nil {
		panic(err)
	}
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{
		Provider: client,
		Policy:   riskscore.DefaultPolicy(),
	})
	if err != nil {
		panic(err)
	}
	for _, user := range []string{"bob", "nobody"} {
		r := ev.Evaluate(context.Background(), riskscore.Subject{Username: user})
		fmt.Printf("%s: %v %q\n", user, r.Outcome, r.Message())
		_ = json.NewEncoder(os.Stdout).Encode(r.Claims)
	}
	// Output:
	// bob: mfa ""
	// {"https://seczetta.com/risk":{"outcome":"mfa","score":6,"source":"seczetta","reasons":["score_above_allowable"]}}
	// nobody: deny "Risk could not be assessed"
	// {"https://seczetta.com/risk":{"outcome":"deny","source":"seczetta","reasons":["provider_error"],"error":"not_found"}}
}

func ExampleClaims_Shaped() {
	c := riskscore.Claims{Namespace: riskscore.DefaultNamespace, Risk: riskscore.RiskClaim{
		Outcome: riskscore.MFA, Score: 6, Source: "seczetta", Reasons: []riskscore.Reason{riskscore.ReasonAboveAllowable}}}
	for _, shape := range []riskscore.ClaimShape{riskscore.ClaimObject, riskscore.ClaimScore} {
		b, _ := json.Marshal(c.Shaped(shape))
		fmt.Printf("%s: %s\n", shape, b)
	}
	// Output:
	// object: {"https://seczetta.com/risk":{"outcome":"mfa","reasons":["score_above_allowable"],"score":6,"source":"seczetta"}}
	// score: {"https://seczetta.com/risk":6}
}

func ExampleNewRetryBudget() {
	b, err := riskscore.NewRetryBudget(0.1, 0) // retries: at most 10 % of requests
	if err != nil {
		panic(err)
	}
	retries := 0
	for range 100 {
		b.Request()
		for b.Retry() { // a client that would retry for ever
			retries++
		}
	}
	fmt.Println(retries, "retries for 100 requests")
	// Output:
	// 10 retries for 100 requests
}

func ExampleEvaluator_breaker() {
	down := riskscore.ProviderFunc(func(context.Context, riskscore.Subject) (riskscore.Score, error) {
		return riskscore.Score{}, riskscore.ErrUnavailable
	})
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{
		Provider: down,
		Policy:   riskscore.DefaultPolicy(),
		Breaker:  riskscore.BreakerConfig{Failures: 2},
	})
	if err != nil {
		panic(err)
	}
	for _, user := range []string{"a", "b", "c"} {
		r := ev.Evaluate(context.Background(), riskscore.Subject{Username: user})
		fmt.Println(user, r.Outcome, r.Reason, r.Claims.Risk.Error)
	}
	// Output:
	// a deny provider_error unavailable
	// b deny provider_error unavailable
	// c deny breaker_open breaker_open
}
