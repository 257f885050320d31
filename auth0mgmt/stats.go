package auth0mgmt

import (
	"context"
	"net/url"
	"time"
)

// DailyStats are a day's login and sign-up counts.
type DailyStats struct {
	// Date is the day (an ISO 8601 date-time at midnight UTC).
	Date    string `json:"date,omitempty"`
	Logins  int    `json:"logins,omitempty"`
	Signups int    `json:"signups,omitempty"`
	// LeakedPasswords counts logins with a breached password;
	// LeakedPasswordsSignup sign-ups with one.
	LeakedPasswords       int    `json:"leaked_passwords,omitempty"`
	LeakedPasswordsSignup int    `json:"leaked_passwords_signup,omitempty"`
	CreatedAt             string `json:"created_at,omitempty"`
	UpdatedAt             string `json:"updated_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// ActiveUsers returns the number of users who logged in during the last
// 30 days (read:stats).
func (s *StatsService) ActiveUsers(ctx context.Context) (int, error) {
	var n int
	if _, err := s.c.get(ctx, "stats/active-users", nil, &n); err != nil {
		return 0, err
	}
	return n, nil
}

// Daily returns the daily stats of the days from..to (UTC dates,
// inclusive; a zero time leaves that end open: the API then answers its
// default window). One unpaged array (read:stats).
func (s *StatsService) Daily(ctx context.Context, from, to time.Time) ([]DailyStats, error) {
	q := url.Values{}
	if !from.IsZero() {
		q.Set("from", from.UTC().Format("20060102"))
	}
	if !to.IsZero() {
		q.Set("to", to.UTC().Format("20060102"))
	}
	out, _, err := plainList[DailyStats](ctx, s.c, "stats/daily", q)
	return out, err
}
