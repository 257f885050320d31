package redisreplay_test

import (
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/redisreplay"
)

// Each replica of the Verified side builds its Verifier with a store on
// the one Redis that all replicas share; the rest of the Config (secret,
// integration id, issuers) is the same everywhere.
func Example() {
	redis.SetLogger(redisreplay.NewLogger(slog.Default(), time.Minute)) // go-redis's own lines, rate limited

	client, err := redisreplay.NewClient(os.Getenv("REDIS_URL"), 0) // e.g. redis://127.0.0.1:6379/0; 0: DefaultTimeout
	if err != nil {
		log.Fatal(err) // names the problem, never the URL
	}
	defer client.Close()
	store, err := redisreplay.New(redisreplay.Config{Client: client})
	if err != nil {
		log.Fatal(err)
	}
	v, err := biometric.New(biometric.Config{
		IntegrationID: os.Getenv("VERIFIED_INTEGRATION_ID"),
		SessionSecret: biometric.Secret(os.Getenv("VERIFIED_SESSION_SECRET")),
		Mode:          biometric.OnDemand,
		VerifiedURL:   "https://verified.example.com/auth0",
		Issuer:        "tenant.eu.auth0.com",
		ReplayStore:   store, // each token accepted once across the replicas
	})
	if err != nil {
		log.Fatal(err)
	}
	_ = v // v.VerifySessionRequest(...) refuses with ErrReplayStore while Redis is away
}
