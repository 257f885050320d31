package redisstore_test

import (
	"context"
	"fmt"
	"os"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/redisstore"
	"github.com/authlens/authlens/riskscore/seczetta"
)

// Every replica of a decision service makes its Evaluator on the same
// Redis; a login is looked up once by all of them together.
func Example() {
	store, err := redisstore.New(redisstore.Options{URL: os.Getenv("REDIS_URL")}) // e.g. redis://redis:6379/0
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	client, err := seczetta.New(seczetta.Config{
		BaseURL:       "https://tenant.nonemployee.com",
		APIKey:        os.Getenv("SECZETTA_API_KEY"),
		AttributeID:   "7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f",
		ProfileTypeID: "2b8c4f0e-5d1a-4c3b-9e7f-6a0d1c2b3e4f",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{
		Provider: client,
		Policy:   riskscore.DefaultPolicy(),
		Cache:    store, // shared scores, shared failures, one lookup across replicas
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := ev.Evaluate(context.Background(), riskscore.Subject{UserID: "auth0|123", Username: "bob"})
	fmt.Println(r.Outcome)
}
