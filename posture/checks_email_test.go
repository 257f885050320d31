package posture

import (
	"testing"

	"github.com/authlens/authlens/inventory"
)

func TestCheckEmailProvider(t *testing.T) {
	t.Parallel()
	provider := func(enabled string) string {
		return `{"name":"smtp","enabled":` + enabled + `,"default_from_address":"no-reply@example.com","credentials":{"smtp_host":"smtp.example.com","smtp_port":587,"smtp_user":"user"}}`
	}
	runCases(t, "AL-EMAIL-001", []checkCase{
		{name: "none configured", snap: newSnap().status(inventory.KindEmailProvider, inventory.StatusNotConfigured), want: []string{""}},
		{name: "disabled", snap: newSnap().add(inventory.KindEmailProvider, provider("false")), want: []string{"provider@enabled"}},
		{name: "enabled", snap: newSnap().add(inventory.KindEmailProvider, provider("true"))},
		{name: "not read", snap: newSnap().status(inventory.KindEmailProvider, inventory.StatusForbidden, "read:email_provider"), notEv: true},
	})
}

func emailTemplate(name, resultURL string) string {
	return `{"template":"` + name + `","body":"<html><body><h1>Hello</h1></body></html>","from":"someone@example.com","resultUrl":"` + resultURL +
		`","subject":"Hello","syntax":"liquid","urlLifetimeInSeconds":432000,"includeEmailInRedirect":true,"enabled":true}`
}

func TestCheckEmailTemplateRedirects(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-EMAIL-002", []checkCase{
		{name: "plain http", snap: newSnap().add(inventory.KindEmailTemplates,
			emailTemplate("verify_email", "http://www.example.com/verified?src=email"),
			emailTemplate("reset_email", "HTTP://app.example.com:8080/reset"),
			emailTemplate("welcome_email", "https://www.example.com/welcome")),
			want: []string{"verify_email@resultUrl", "reset_email@resultUrl"}},
		{name: "https", snap: newSnap().add(inventory.KindEmailTemplates, emailTemplate("verify_email", "https://www.example.com/verify-email"))},
		{name: "loopback during development", snap: newSnap().add(inventory.KindEmailTemplates,
			emailTemplate("verify_email", "http://localhost:3000/verified"), emailTemplate("reset_email", "http://127.0.0.1/reset"),
			emailTemplate("welcome_email", "http://[::1]:8080/"))},
		{name: "no redirect", snap: newSnap().add(inventory.KindEmailTemplates, emailTemplate("verify_email", ""))},
		{name: "none configured", snap: newSnap().status(inventory.KindEmailTemplates, inventory.StatusNotConfigured)},
		{name: "not read", snap: newSnap().status(inventory.KindEmailTemplates, inventory.StatusForbidden, "read:email_templates"), notEv: true},
	})
	fs, _ := runCheckOn(t, "AL-EMAIL-002", newSnap().add(inventory.KindEmailTemplates,
		emailTemplate("verify_email", "http://user:pw@www.example.com/verified?token=abc")).build(t))
	if len(fs) != 1 || fs[0].Evidence["resultUrl"] != "http://www.example.com/verified" {
		t.Errorf("findings %s", describe(fs))
	}
	// A path segment that looks generated (a token) is masked too.
	fs, _ = runCheckOn(t, "AL-EMAIL-002", newSnap().add(inventory.KindEmailTemplates,
		emailTemplate("verify_email", "http://www.example.com/welcome/k3Jd9QmZ2xLp8RtV5nWc/done")).build(t))
	if len(fs) != 1 || fs[0].Evidence["resultUrl"] != "http://www.example.com/welcome/****/done" {
		t.Errorf("findings %s", describe(fs))
	}
	atkWantSkipped(t, "AL-EMAIL-002", newSnap().add(inventory.KindEmailTemplates, emailTemplate("verify_email", "https://www.example.com/v")).
		gap(inventory.KindEmailTemplates, inventory.Gap{Part: "reset_email", Status: inventory.StatusError, Error: "500 internal error"}), "reset_email")
}
