package alerts

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/authlens/authlens/internal/version"
	"github.com/authlens/authlens/posture"
)

// SlackConfig configures a Slack sink.
type SlackConfig struct {
	// URL is a Slack incoming webhook (https://hooks.slack.com/services/...)
	// or any endpoint that takes the same body. It is a credential: it
	// never appears in names or errors.
	URL string
	HTTPOptions
}

// String shows the URL's scheme and host only: its path is Slack's
// credential.
func (c SlackConfig) String() string { return "alerts.SlackConfig{URL:" + hostOnly(c.URL) + "}" }

// GoString is String.
func (c SlackConfig) GoString() string { return c.String() }

// Format writes String whatever the verb.
func (c SlackConfig) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// Slack posts each alert as a Slack incoming-webhook message: "text" (the
// notification and fallback line) and "blocks" (severity and title, the
// message, the resource, up to five changes, why it matters, the rule and
// the alert's key). One message per alert, in order; 429 answers are
// waited out as Slack's Retry-After asks.
type Slack struct {
	p *poster
}

// NewSlack validates the configuration and returns the sink. It makes no
// request.
func NewSlack(cfg SlackConfig) (*Slack, error) {
	p, err := newPoster("slack", cfg.URL, cfg.HTTPOptions)
	if err != nil {
		return nil, err
	}
	return &Slack{p: p}, nil
}

// Name is "slack SCHEME://HOST (HASH)".
func (s *Slack) Name() string { return s.p.name }

// String returns the name.
func (s *Slack) String() string { return s.p.name }

// Send posts one message per alert (see Sink).
func (s *Slack) Send(ctx context.Context, alerts []Alert) error {
	return s.p.sendEach(ctx, alerts, func(a Alert) ([]byte, http.Header, error) {
		body := rawJSON(SlackMessage(a))
		if body == nil {
			return nil, nil, fmt.Errorf("encoding the Slack message of %s", a.Key)
		}
		h := http.Header{}
		h.Set("Content-Type", "application/json")
		h.Set("User-Agent", version.UserAgent)
		return body, h, nil
	})
}

var severityEmoji = map[posture.Severity]string{
	posture.SeverityCritical: ":red_circle:", posture.SeverityHigh: ":large_orange_circle:",
	posture.SeverityMedium: ":large_yellow_circle:", posture.SeverityLow: ":large_blue_circle:",
	posture.SeverityInfo: ":white_circle:",
}

// slackEscape escapes text for Slack's mrkdwn.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// SlackMessage is the incoming-webhook body the Slack sink posts for an
// alert: {"text": ..., "blocks": [...]}.
func SlackMessage(a Alert) map[string]any {
	sev := strings.ToUpper(a.Severity.String())
	text := fmt.Sprintf("[%s] %s: %s (%s)", sev, a.Title, a.Resource, a.Rule)
	section := func(md string) map[string]any {
		return map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": clip(md, 2900)}}
	}
	blocks := []any{
		section(fmt.Sprintf("%s *%s · %s*\n%s", severityEmoji[a.Severity], sev, slackEscape(a.Title), slackEscape(a.Message))),
	}
	fields := []any{
		map[string]any{"type": "mrkdwn", "text": clip("*Resource*\n"+slackEscape(a.Resource.String()), 1900)},
	}
	if a.Tenant != "" {
		fields = append(fields, map[string]any{"type": "mrkdwn", "text": clip("*Tenant*\n"+slackEscape(a.Tenant), 1900)})
	}
	blocks = append(blocks, map[string]any{"type": "section", "fields": fields})
	if len(a.Changes) > 0 {
		var lines []string
		for i, c := range a.Changes {
			if i == 5 {
				lines = append(lines, fmt.Sprintf("… and %d more", len(a.Changes)-i))
				break
			}
			lines = append(lines, "• "+slackEscape(clip(c.String(), 400)))
		}
		blocks = append(blocks, section("*Changes*\n"+strings.Join(lines, "\n")))
	}
	if len(a.Findings) > 0 {
		var lines []string
		for i, f := range a.Findings {
			if i == 5 {
				lines = append(lines, fmt.Sprintf("… and %d more", len(a.Findings)-i))
				break
			}
			lines = append(lines, fmt.Sprintf("• %s %s %s: %s", f.State, f.Severity, f.Check, slackEscape(clip(f.Title, 200))))
		}
		blocks = append(blocks, section("*Findings*\n"+strings.Join(lines, "\n")))
	}
	blocks = append(blocks, map[string]any{"type": "context", "elements": []any{
		map[string]any{"type": "mrkdwn", "text": clip("_Why:_ "+slackEscape(a.Why), 2900)},
		map[string]any{"type": "mrkdwn", "text": fmt.Sprintf("%s · key %s", a.Rule, a.Key)},
	}})
	return map[string]any{"text": text, "blocks": blocks}
}
