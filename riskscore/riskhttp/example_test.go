package riskhttp_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/riskhttp"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

func Example() {
	tenant := seczettatest.NewServer(seczettatest.Options{}) // a fake SecZetta
	defer tenant.Close()
	tenant.AddUser(6, "bob")
	client, err := seczetta.New(tenant.Config())
	if err != nil {
		panic(err)
	}
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: client, Policy: riskscore.DefaultPolicy()})
	if err != nil {
		panic(err)
	}
	h, err := riskhttp.New(riskhttp.Config{
		Evaluator:         ev,
		Token:             "a-long-random-token-for-callers",
		AccessTokenClaims: riskscore.ClaimScore, // SecZetta's own Action's shape on the access token
	})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/v1/decisions", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, body := range []string{`{"username":"bob"}`, `{"username":"bob","Username":"alice"}`} {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL+"/v1/decisions", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer a-long-random-token-for-callers")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Print(resp.StatusCode, " ", string(b))
	}
	// Output:
	// 200 {"outcome":"mfa","score":6,"message":"","claims":{"https://seczetta.com/risk":{"outcome":"mfa","score":6,"source":"seczetta","reasons":["score_above_allowable"]}},"access_token_claims":{"https://seczetta.com/risk":6},"reasons":[{"source":"seczetta","outcome":"mfa","reason":"score_above_allowable","score":6}]}
	// 400 {"error":"bad_request","message":"the body is refused: member \"Username\" is not \"username\": member names are case-sensitive"}
}
