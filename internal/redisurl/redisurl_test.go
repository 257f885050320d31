package redisurl

import (
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestProblem(t *testing.T) {
	t.Parallel()
	const secret = "pw0rdSECRET"
	for _, tc := range []struct {
		url, want string
	}{
		{"localhost:6379", "is not a Redis URL: invalid URL scheme: localhost"},
		{"http://u:" + secret + "@localhost:6379", "is not a Redis URL: invalid URL scheme: http"},
		{"redis://:" + secret + "@h/abc", `is not a Redis URL: invalid database number: "abc"`},
		{"redis://h:6379/0?dial_timeout=bogus", "is not a Redis URL: invalid dial_timeout duration"},
		{"redis://h/0?foo=bar", "is not a Redis URL: unexpected option: foo"},
		{"redis://u:" + secret + "%zz@h/0", "is not a URL"},
		{"redis://u:" + secret + "@h:notaport/0", "is not a URL"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			_, err := redis.ParseURL(tc.url)
			if err == nil {
				t.Fatal("ParseURL accepted it")
			}
			got := Problem(err)
			if !strings.HasPrefix(got, tc.want) || strings.Contains(got, secret) {
				t.Errorf("Problem = %q, want %q... without the password", got, tc.want)
			}
		})
	}
	if Problem(nil) != "" {
		t.Error("Problem(nil) is not empty")
	}
}
