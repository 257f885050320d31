package auth0mgmt

import (
	"context"
	"iter"
)

// EventStream sends tenant events (user.created, user.updated, ...) to a
// webhook, Amazon EventBridge or an Action.
type EventStream struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	// Status: enabled or disabled.
	Status        string                    `json:"status,omitempty"`
	Subscriptions []EventStreamSubscription `json:"subscriptions,omitempty"`
	Destination   *EventStreamDestination   `json:"destination,omitempty"`
	CreatedAt     string                    `json:"created_at,omitempty"`
	UpdatedAt     string                    `json:"updated_at,omitempty"`
	// Extra keeps members this type does not model (see Extra).
	Extra Extra `json:"-"`
}

// EventStreamSubscription is an event type a stream sends.
type EventStreamSubscription struct {
	EventType string `json:"event_type,omitempty"`
	Extra     Extra  `json:"-"`
}

// EventStreamDestination is where a stream sends: Type webhook
// (Configuration {webhook_endpoint, webhook_authorization: {method,
// token | username, password}}), eventbridge ({aws_account_id,
// aws_region, aws_partner_event_source}) or action. fmt shows the
// configuration's member names only.
type EventStreamDestination struct {
	Type          string `json:"type,omitempty"`
	Configuration Object `json:"configuration,omitempty"`
	Extra         Extra  `json:"-"`
}

// All lists every event stream (checkpoint paging, items under
// eventStreams; read:event_streams).
func (s *EventStreamsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[EventStream, error] {
	return checkpointAll[EventStream](ctx, s.c, "event-streams", "eventStreams", opts)
}

// List returns one page of event streams.
func (s *EventStreamsService) List(ctx context.Context, opts *ListOptions) (*Page[EventStream], error) {
	return checkpointList[EventStream](ctx, s.c, "event-streams", "eventStreams", opts)
}

// Get returns one event stream.
func (s *EventStreamsService) Get(ctx context.Context, id string) (*EventStream, error) {
	var e EventStream
	if _, err := s.c.get(ctx, "event-streams/"+escape(id), nil, &e); err != nil {
		return nil, err
	}
	return &e, nil
}
