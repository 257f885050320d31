package auth0test

import (
	"encoding/json"
	"testing"
	"time"
)

func TestAddLogs(t *testing.T) {
	t.Parallel()
	s := start(t, Options{Seed: 1})
	before := s.Tenant().IDs(KindLogs)
	newest := before[len(before)-1]
	if _, err := s.AddLogs(1, BaseTime().Add(-40*24*time.Hour), 0); err == nil {
		t.Fatal("an event older than the newest was added")
	}
	ids, err := s.AddLogs(3, BaseTime().Add(time.Hour), time.Minute)
	if err != nil || len(ids) != 3 {
		t.Fatalf("AddLogs: %v %v", ids, err)
	}
	var page []struct {
		LogID string `json:"log_id"`
		Date  string `json:"date"`
		Type  string `json:"type"`
	}
	getOK(t, s, "/api/v2/logs?from="+newest+"&take=100", &page)
	if len(page) != 3 || page[0].LogID != ids[0] || page[2].LogID != ids[2] || page[0].Type != "s" ||
		page[1].Date != BaseTime().Add(time.Hour+time.Minute).Format("2006-01-02T15:04:05.000Z") {
		b, _ := json.Marshal(page)
		t.Fatalf("after the newest: %s", b)
	}
	if got := s.Tenant().Count(KindLogs); got != len(before)+3 {
		t.Errorf("%d logs, want %d", got, len(before)+3)
	}
}
