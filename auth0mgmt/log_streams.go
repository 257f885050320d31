package auth0mgmt

import "context"

// LogStream sends the tenant's logs to an external sink.
//
// Sink holds the destination's settings as the API returns them, which
// include credentials in clear (httpAuthorization, datadogApiKey,
// splunkToken, segmentWriteKey, awsAccessKey, ...): it is an Object, so
// fmt shows its member names only. Read a member with Sink.String(name);
// never copy the sink into output that is shown or stored.
type LogStream struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// Type: http, eventbridge, eventgrid, datadog, splunk, sumo, segment,
	// mixpanel.
	Type string `json:"type,omitempty"`
	// Status: active, paused, suspended.
	Status string `json:"status,omitempty"`
	// Sink is the destination's settings, secrets included (see above).
	Sink Object `json:"sink,omitempty"`
	// Filters limit the stream to log categories; none means all.
	Filters []LogStreamFilter `json:"filters,omitempty"`
	// IsPriority streams with priority delivery.
	IsPriority bool `json:"isPriority,omitempty"`
	// PIIConfig masks or hashes personal data in the stream.
	PIIConfig *LogStreamPIIConfig `json:"pii_config,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// LogStreamFilter selects logs of one category.
type LogStreamFilter struct {
	// Type is "category".
	Type  string `json:"type,omitempty"`
	Name  string `json:"name,omitempty"`
	Extra Extra  `json:"-"`
}

// LogStreamPIIConfig says how personal data is protected in the stream.
type LogStreamPIIConfig struct {
	LogFields []string `json:"log_fields,omitempty"`
	// Method: mask or hash.
	Method    string `json:"method,omitempty"`
	Algorithm string `json:"algorithm,omitempty"`
	Extra     Extra  `json:"-"`
}

// List returns every log stream (one unpaged array).
func (s *LogStreamsService) List(ctx context.Context) ([]LogStream, error) {
	out, _, err := plainList[LogStream](ctx, s.c, "log-streams", nil)
	return out, err
}

// Get returns one log stream.
func (s *LogStreamsService) Get(ctx context.Context, id string) (*LogStream, error) {
	var l LogStream
	if _, err := s.c.get(ctx, "log-streams/"+escape(id), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}
