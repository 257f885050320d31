package suggest

import "testing"

func TestClosest(t *testing.T) {
	t.Parallel()
	kinds := []string{"clients", "client_grants", "connections", "users", "roles"}
	for _, tc := range []struct{ word, want string }{
		{"client", "clients"},
		{"Conections", "connections"},
		{"user", "users"},
		{"widgets", ""},
		{"", ""},
		{"x", ""},
	} {
		if got := Closest(tc.word, kinds); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	if got := DidYouMean("AL-APP-01", []string{"AL-APP-001", "AL-API-001"}); got != "; did you mean AL-APP-001?" {
		t.Errorf("DidYouMean = %q", got)
	}
}
