package secretfmt

import (
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ v, want string }{
		{"AKIAQ3EGZ7VN2XK5LM4P", "AWS access key id"},
		{"key=AKIAQ3EGZ7VN2XK5LM4P;", "AWS access key id"},
		{"AKIAIOSFODNN7EXAMPLE", ""}, // AWS's documented stand-in
		{"sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe live secret key"},
		{"rk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe live secret key"},
		{"sk_test_4eC39HqLyjWDarjtT1zdp7dc", ""},
		{"xoxb-1234567890-abcdefghij", "Slack token"},
		{"ghp_" + strings.Repeat("aB3", 12), "GitHub token"},
		{"github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "GitHub token"},
		{"-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "private key"},
		{"-----BEGIN PUBLIC KEY-----\nMIIB...", ""},
		{"AIza" + strings.Repeat("Sy9k", 8) + "Ab_", "Google API key"},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", "JSON Web Token"},
		{"Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "bearer token"},
		{"Bearer {{vars.token}}", ""},
		{"SK" + strings.Repeat("0a1B", 8), "Twilio API key"},
		{"SG.abcdefghijklmnop1234.qrstuvwxyz0123456789", "SendGrid API key"},
		{"Basic YWRtaW46czNjcjN0UGFzcw==", "HTTP Basic credentials"}, // admin:s3cr3tPass
		{"Basic aGVsbG8gd29ybGQ=", ""},                               // no colon
		{"https://svc:S3cretPassw0rd@api.example.com/hook", "URL with a password"},
		{"https://svc:password@api.example.com/hook", ""},
		{"https://svc:{{vars.pw}}@api.example.com/hook", ""},
		{"https://svc:[REDACTED]@api.example.com/hook", ""},
		{"https://api.example.com/hook?x=1", ""},
		{"hello world", ""},
		{"", ""},
	} {
		if got := Format(tc.v); got != tc.want {
			t.Errorf("Format(%q) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestPlaceholder(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{
		"your_api_key": true, "yourApiKey": true, "changeme": true, "xxxxxxxx": true, "<token>": true,
		"${TOKEN}": true, "{{vars.token}}": true, "[REDACTED]": true, "aaaaaaaa": true,
		"": false, "s3cr3t-V4lue": false, "young": false,
	} {
		if got := Placeholder(v); got != want {
			t.Errorf("Placeholder(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestTemplateOnly(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{
		"{{vars.token}}": true, "Bearer {{actions.get_token.access_token}}": true, "Basic {{fields.b}}": true,
		"{{fields.a}}{{fields.b}}": true, "token={{vars.t}}": true,
		"": false, "Bearer abc": false, "{{vars.a}}-literal": false, "{{unclosed": false, "plain": false,
	} {
		if got := TemplateOnly(v); got != want {
			t.Errorf("TemplateOnly(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestStripAuthScheme(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]string{"Bearer abc": "abc", "basic  x": "x", "token=t": "t", "plain": "plain"} {
		if got := StripAuthScheme(v); got != want {
			t.Errorf("StripAuthScheme(%q) = %q, want %q", v, got, want)
		}
	}
}

// Format and the other functions accept any string, and a value that
// holds a format still holds it inside a longer text.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{"", "AKIAQ3EGZ7VN2XK5LM4P", "Basic YWRtaW46czNjcjN0UGFzcw==", "https://a:bbbbbb1@h",
		"{{", "{{}}", "Bearer {{x}}", "\xff", "a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Format(s)
		Placeholder(s)
		TemplateOnly(s)
		StripAuthScheme(s)
		if got != "" && got != "HTTP Basic credentials" && got != "URL with a password" {
			if Format(" "+s+" ") == "" {
				t.Fatalf("%q holds a %s, padded it holds none", s, got)
			}
		}
	})
}
