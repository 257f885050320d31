package seczettatest_test

import (
	"context"
	"fmt"

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
