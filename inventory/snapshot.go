package inventory

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// FormatVersion is the version of the snapshot JSON this package writes;
// Load reads it and refuses newer ones.
const FormatVersion = 1

// ErrUnsupportedVersion is returned by Load for a snapshot written in a
// newer format than this package knows.
var ErrUnsupportedVersion = errors.New("inventory: unsupported snapshot version")

// ErrCorrupt is returned by Load for data that is not a snapshot.
var ErrCorrupt = errors.New("inventory: corrupt snapshot")

// Snapshot is a tenant read once: every kind with its status and records.
// Its JSON form is deterministic (see WriteJSON): two scans of an unchanged
// tenant give the same bytes.
type Snapshot struct {
	// Version is the format version (FormatVersion).
	Version int
	// Tenant is the tenant's base URL, as the client names it.
	Tenant string
	// Scan records the options that shaped the content.
	Scan ScanSettings
	// CollectedAt is when the scan started; zero (and not written) unless
	// Options.RecordCollectedAt was set.
	CollectedAt time.Time
	// Kinds holds the result of each kind read.
	Kinds map[Kind]*KindResult
}

// ScanSettings are the options that decide what a snapshot holds.
type ScanSettings struct {
	// FullProfiles: users are full profiles rather than UserShapes.
	FullProfiles bool `json:"full_profiles"`
	// LogWindow is the log window as a Go duration ("24h0m0s").
	LogWindow string `json:"log_window"`
	// MaxLogs bounded the logs read (0: logs were not read).
	MaxLogs int `json:"max_logs"`
	// ClientID is the application the scan authenticated as ("" with a
	// static token): the scanner's own client, which holds the read
	// grants the scan needed.
	ClientID string `json:"client_id,omitempty"`
	// LogCheckpoint is the log_id the next scan continues reading logs
	// from (the newest event read; see Options.Previous); LogsFrom the
	// one this scan continued from ("": it read the LogWindow). Older
	// snapshots have neither (see Snapshot.LogCheckpoint).
	LogCheckpoint string `json:"log_checkpoint,omitempty"`
	LogsFrom      string `json:"logs_from,omitempty"`
}

// Kind returns the result of kind k (nil when the snapshot lacks it).
func (s *Snapshot) Kind(k Kind) *KindResult {
	if s == nil {
		return nil
	}
	return s.Kinds[k]
}

// KindNames returns the kinds present, in the order of Kinds() (unknown
// kinds of a loaded file last, sorted).
func (s *Snapshot) KindNames() []Kind {
	var out []Kind
	for _, k := range Kinds() {
		if _, ok := s.Kinds[k]; ok {
			out = append(out, k)
		}
	}
	var extra []Kind
	for k := range s.Kinds {
		if !knownKind(k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// WriteJSON writes the canonical JSON form of the snapshot:
//
//	{"version":1,"tenant":"https://...","scan":{...},["collected_at":"...",]"kinds":{
//	"actions":{"status":"ok","count":2,"records":{
//	"act_1":{...},
//	"act_2":{...}}},
//	...}}
//
// Kinds are sorted by name and records by id, one record per line; a
// record is compact JSON with its members sorted (see the package
// documentation). Nothing in it depends on the clock unless CollectedAt is
// set.
func (s *Snapshot) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	buf := make([]byte, 0, 4096)
	flush := func() error {
		_, err := bw.Write(buf)
		buf = buf[:0]
		return err
	}
	v := s.Version
	if v == 0 {
		v = FormatVersion
	}
	buf = append(buf, `{"version":`...)
	buf = strconv.AppendInt(buf, int64(v), 10)
	buf = append(buf, `,"tenant":`...)
	buf = appendString(buf, s.Tenant)
	buf = append(buf, `,"scan":{"full_profiles":`...)
	buf = strconv.AppendBool(buf, s.Scan.FullProfiles)
	buf = append(buf, `,"log_window":`...)
	buf = appendString(buf, s.Scan.LogWindow)
	buf = append(buf, `,"max_logs":`...)
	buf = strconv.AppendInt(buf, int64(s.Scan.MaxLogs), 10)
	if s.Scan.ClientID != "" {
		buf = append(buf, `,"client_id":`...)
		buf = appendString(buf, s.Scan.ClientID)
	}
	if s.Scan.LogCheckpoint != "" {
		buf = append(buf, `,"log_checkpoint":`...)
		buf = appendString(buf, s.Scan.LogCheckpoint)
	}
	if s.Scan.LogsFrom != "" {
		buf = append(buf, `,"logs_from":`...)
		buf = appendString(buf, s.Scan.LogsFrom)
	}
	buf = append(buf, '}')
	if !s.CollectedAt.IsZero() {
		buf = append(buf, `,"collected_at":`...)
		buf = appendString(buf, s.CollectedAt.UTC().Format(time.RFC3339Nano))
	}
	buf = append(buf, `,"kinds":{`...)
	kinds := make([]Kind, 0, len(s.Kinds))
	for k := range s.Kinds {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for i, k := range kinds {
		r := s.Kinds[k]
		if r == nil {
			r = &KindResult{Status: StatusError, Error: "no result"}
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '\n')
		buf = appendString(buf, string(k))
		buf = append(buf, `:{"status":`...)
		buf = appendString(buf, string(r.Status))
		buf = append(buf, `,"count":`...)
		buf = strconv.AppendInt(buf, int64(len(r.Records)), 10)
		if len(r.MissingScopes) > 0 {
			buf = append(buf, `,"missing_scopes":`...)
			buf = appendCanon(buf, r.MissingScopes, nil, "", nil)
		}
		if r.Error != "" {
			buf = append(buf, `,"error":`...)
			buf = appendString(buf, r.Error)
		}
		if len(r.Gaps) > 0 {
			buf = append(buf, `,"gaps":[`...)
			for j, g := range r.Gaps {
				if j > 0 {
					buf = append(buf, ',')
				}
				buf = appendGap(buf, g)
			}
			buf = append(buf, ']')
		}
		buf = append(buf, `,"records":{`...)
		for j, id := range r.IDs() {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '\n')
			buf = appendString(buf, id)
			buf = append(buf, ':')
			rec := r.Records[id]
			if len(rec) == 0 {
				buf = append(buf, "null"...)
			} else {
				buf = append(buf, rec...)
			}
			if len(buf) >= 32<<10 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		buf = append(buf, "}}"...)
	}
	buf = append(buf, "}}\n"...)
	if err := flush(); err != nil {
		return err
	}
	return bw.Flush()
}

func appendGap(b []byte, g Gap) []byte {
	b = append(b, `{"part":`...)
	b = appendString(b, g.Part)
	if len(g.IDs) > 0 {
		b = append(b, `,"ids":`...)
		b = appendCanon(b, g.IDs, nil, "", nil)
	}
	b = append(b, `,"status":`...)
	b = appendString(b, string(g.Status))
	if len(g.MissingScopes) > 0 {
		b = append(b, `,"missing_scopes":`...)
		b = appendCanon(b, g.MissingScopes, nil, "", nil)
	}
	b = append(b, `,"error":`...)
	b = appendString(b, g.Error)
	return append(b, '}')
}

// MarshalJSON returns the bytes WriteJSON writes.
func (s *Snapshot) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := s.WriteJSON(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// UnmarshalJSON decodes a snapshot as Load does.
func (s *Snapshot) UnmarshalJSON(b []byte) error {
	got, err := decode(b)
	if err != nil {
		return err
	}
	*s = *got
	return nil
}

// Load reads a snapshot. A newer format version gives an error wrapping
// ErrUnsupportedVersion; data that is not a valid snapshot one wrapping
// ErrCorrupt.
func Load(r io.Reader) (*Snapshot, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("inventory: reading snapshot: %w", err)
	}
	return decode(b)
}

// LoadFile reads a snapshot file.
func LoadFile(path string) (*Snapshot, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("inventory: %w", err)
	}
	s, err := decode(b)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return s, nil
}

// SaveFile writes the snapshot to path atomically (a temporary file in the
// same directory, renamed), readable by the owner only: even redacted, a
// snapshot describes the tenant's security.
func (s *Snapshot) SaveFile(path string) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("inventory: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("inventory: %w", err)
	}
	if err := s.WriteJSON(f); err != nil {
		return fmt.Errorf("inventory: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("inventory: writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("inventory: %w", err)
	}
	return nil
}

// fileKind is a kind as the file holds it.
type fileKind struct {
	Status        Status                     `json:"status"`
	Count         *int                       `json:"count"`
	MissingScopes []string                   `json:"missing_scopes"`
	Error         string                     `json:"error"`
	Gaps          []Gap                      `json:"gaps"`
	Records       map[string]json.RawMessage `json:"records"`
}

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// decode parses a snapshot: the version first (so that a newer file is
// refused as such, whatever else changed), then the rest.
func decode(b []byte) (*Snapshot, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, corrupt("%v", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, corrupt("not a JSON object")
	}
	s := &Snapshot{}
	var (
		haveVersion bool
		kinds       map[string]*fileKind
		early       []json.RawMessage // members read before the version
		earlyNames  []string
	)
	member := func(name string, raw json.RawMessage, dec *json.Decoder) error {
		var dst any
		switch name {
		case "tenant":
			dst = &s.Tenant
		case "scan":
			dst = &s.Scan
		case "collected_at":
			dst = &s.CollectedAt
		case "kinds":
			dst = &kinds
		default:
			dst = new(json.RawMessage) // unknown members are ignored
		}
		if dec != nil {
			return dec.Decode(dst)
		}
		return json.Unmarshal(raw, dst)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, corrupt("%v", err)
		}
		name, _ := tok.(string)
		if name == "version" {
			var raw any
			if err := dec.Decode(&raw); err != nil {
				return nil, corrupt("version: %v", err)
			}
			n, _ := raw.(json.Number)
			v, err := strconv.Atoi(n.String())
			if err != nil || v < 1 {
				return nil, corrupt("version %v is not a positive integer", raw)
			}
			if v > FormatVersion {
				return nil, fmt.Errorf("%w: the snapshot is version %d; this program reads version %d and older", ErrUnsupportedVersion, v, FormatVersion)
			}
			s.Version, haveVersion = v, true
			continue
		}
		if haveVersion {
			if err := member(name, nil, dec); err != nil {
				return nil, corrupt("%s: %v", name, err)
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, corrupt("%s: %v", name, err)
		}
		early = append(early, raw)
		earlyNames = append(earlyNames, name)
	}
	if _, err := dec.Token(); err != nil {
		return nil, corrupt("%v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, corrupt("trailing data after the snapshot")
	}
	if !haveVersion {
		return nil, corrupt("no version")
	}
	for i, name := range earlyNames {
		if err := member(name, early[i], nil); err != nil {
			return nil, corrupt("%s: %v", name, err)
		}
	}
	if kinds == nil {
		return nil, corrupt("no kinds")
	}
	s.Kinds = make(map[Kind]*KindResult, len(kinds))
	for name, fk := range kinds {
		if name == "" || fk == nil {
			return nil, corrupt("empty kind entry")
		}
		if !knownStatus(fk.Status) {
			return nil, corrupt("kind %s: unknown status %q", name, fk.Status)
		}
		if fk.Count == nil || *fk.Count != len(fk.Records) {
			return nil, corrupt("kind %s: count does not match its %d records", name, len(fk.Records))
		}
		for id, rec := range fk.Records {
			if len(rec) == 0 || rec[0] != '{' {
				return nil, corrupt("kind %s: record %q is not an object", name, id)
			}
			// A file re-serialised by a formatter (jq ., an editor)
			// holds the same records in other bytes: back to the
			// canonical form, so that formatting never shows as a change.
			if !isCanonical(rec) {
				c, err := canonicalJSON(rec, false)
				if err != nil {
					return nil, corrupt("kind %s: record %q: %v", name, id, err)
				}
				fk.Records[id] = c
			}
		}
		if fk.Records == nil {
			fk.Records = map[string]json.RawMessage{}
		}
		s.Kinds[Kind(name)] = &KindResult{
			Status: fk.Status, Count: len(fk.Records), MissingScopes: fk.MissingScopes,
			Error: fk.Error, Gaps: fk.Gaps, Records: fk.Records,
		}
	}
	return s, nil
}
