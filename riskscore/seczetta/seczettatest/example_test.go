package seczettatest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

func ExampleServer() {
	srv := seczettatest.NewServer(seczettatest.Options{})
	defer srv.Close()
	srv.AddUser(6, "bob", "bob@example.com") // found by username or email

	client, err := seczetta.New(srv.Config())
	if err != nil {
		panic(err)
	}
	score, err := client.Score(context.Background(), riskscore.Subject{Email: "bob@example.com"})
	fmt.Println(score.Value, err)
	fmt.Printf("%+v\n", srv.Counts())
	// Output:
	// 6 <nil>
	// {Searches:1 ScoreReads:1 Unauthorized:0 Rejected:0 Faulted:0 Dropped:0}
}

// Make SecZetta fail and see what your code gets: a 503 on the next
// search, then a truncated answer from the scores endpoint, then the
// faults are used up. riskscore.ErrorCode gives the code an Evaluator
// puts in the token's claims.
func ExampleServer_AddFault() {
	srv := seczettatest.NewServer(seczettatest.Options{})
	defer srv.Close()
	srv.AddUser(6, "bob")
	cfg := srv.Config()
	cfg.MaxRetries = -1 // no retries: one request per lookup step
	client, err := seczetta.New(cfg)
	if err != nil {
		panic(err)
	}
	ctx, bob := context.Background(), riskscore.Subject{Username: "bob"}

	srv.AddFault(seczettatest.Fault{Endpoint: seczettatest.SearchEndpoint, Status: http.StatusServiceUnavailable, Times: 1})
	_, err = client.Score(ctx, bob)
	fmt.Println(riskscore.ErrorCode(err), errors.Is(err, seczetta.ErrUnavailable))

	srv.AddFault(seczettatest.Fault{Endpoint: seczettatest.ScoresEndpoint, Malformed: true, Times: 1})
	_, err = client.Score(ctx, bob)
	fmt.Println(riskscore.ErrorCode(err), errors.Is(err, seczetta.ErrMalformed))

	score, err := client.Score(ctx, bob)
	fmt.Println(score.Value, err)
	fmt.Printf("%+v\n", srv.Counts())
	// Output:
	// unavailable true
	// malformed true
	// 6 <nil>
	// {Searches:3 ScoreReads:2 Unauthorized:0 Rejected:0 Faulted:2 Dropped:0}
}
