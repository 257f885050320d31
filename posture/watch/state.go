package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/alerts"
)

// The files of a state directory.
const (
	// snapshot-20250602T093000.000000000Z.json: the scans kept, newest
	// last by name.
	snapshotPrefix = "snapshot-"
	snapshotSuffix = ".json"
	snapshotLayout = "20060102T150405.000000000Z"
	// carried.json: the kinds the last scan could not read, as last read
	// (a snapshot holding those kinds only).
	carriedFile = "carried.json"
	// pending.json: the alerts not yet delivered, by sink.
	pendingFile = "pending.json"
)

// pendingAlert is an alert waiting for a sink.
type pendingAlert struct {
	Sink        string       `json:"sink"`
	Alert       alerts.Alert `json:"alert"`
	Attempts    int          `json:"attempts"`
	FirstFailed time.Time    `json:"first_failed,omitzero"`
	LastError   string       `json:"last_error,omitempty"`
}

type pendingDoc struct {
	Version int            `json:"version"`
	Pending []pendingAlert `json:"pending"`
}

// state is a state directory.
type state struct {
	dir     string
	last    *inventory.Snapshot
	carried map[inventory.Kind]*inventory.KindResult
	pending []pendingAlert
	dirty   bool
}

// openState reads a state directory, which lockState created and the
// caller holds the lock of: it removes the temporary files a crash left
// (no other watcher is writing them). Problems that do not stop a watch
// (a corrupt file, set aside) come back as warnings.
func openState(dir string) (*state, []error, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("watch: state directory: %w", err)
	}
	st := &state{dir: dir}
	var warnings []error
	var snaps []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp"):
			// a write a crash interrupted: the file it was to replace is whole
			_ = os.Remove(filepath.Join(dir, name))
		case strings.HasPrefix(name, snapshotPrefix) && strings.HasSuffix(name, snapshotSuffix):
			snaps = append(snaps, name)
		}
	}
	slices.Sort(snaps)
	for i := len(snaps) - 1; i >= 0; i-- {
		s, err := inventory.LoadFile(filepath.Join(dir, snaps[i]))
		if err == nil {
			st.last = s
			break
		}
		warnings = append(warnings, fmt.Errorf("watch: skipping an unreadable snapshot: %w", err))
	}
	if st.last != nil {
		if c, err := inventory.LoadFile(filepath.Join(dir, carriedFile)); err == nil {
			st.carried = c.Kinds
		} else if !errors.Is(err, fs.ErrNotExist) {
			warnings = append(warnings, fmt.Errorf("watch: ignoring %s: %w", carriedFile, err))
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, pendingFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, nil, fmt.Errorf("watch: %w", err)
	default:
		var doc pendingDoc
		if err := json.Unmarshal(b, &doc); err != nil || doc.Version != 1 {
			aside := filepath.Join(dir, pendingFile+".unreadable")
			_ = os.Rename(filepath.Join(dir, pendingFile), aside)
			warnings = append(warnings, fmt.Errorf("watch: %s could not be read; moved to %s", pendingFile, aside))
		} else {
			st.pending = doc.Pending
		}
	}
	return st, warnings, nil
}

// orphans counts the pending alerts of sinks not in names.
func (s *state) orphans(names map[string]bool) map[string]int {
	out := map[string]int{}
	for _, p := range s.pending {
		if !names[p.Sink] {
			out[p.Sink]++
		}
	}
	return out
}

type sinkErr struct {
	sink string
	err  error
}

// enqueue adds the alerts for every sink (an alert already waiting for a
// sink, by key, is not added twice) and bounds each sink's queue.
func (s *state) enqueue(sinks []alerts.Sink, found []alerts.Alert, max int) []sinkErr {
	var errs []sinkErr
	for _, sk := range sinks {
		name := sk.Name()
		have := map[string]bool{}
		for _, p := range s.pending {
			if p.Sink == name {
				have[p.Alert.Key] = true
			}
		}
		for _, a := range found {
			if !have[a.Key] {
				have[a.Key] = true
				s.pending = append(s.pending, pendingAlert{Sink: name, Alert: a})
				s.dirty = true
			}
		}
		if over := len(have) - max; over > 0 {
			dropped := 0
			s.pending = slices.DeleteFunc(s.pending, func(p pendingAlert) bool {
				if p.Sink == name && dropped < over {
					dropped++
					return true
				}
				return false
			})
			errs = append(errs, sinkErr{name, fmt.Errorf("dropped the %d oldest undelivered alert(s): more than %d were waiting", dropped, max)})
		}
	}
	return errs
}

func (s *state) pendingFor(sink string) []alerts.Alert {
	var out []alerts.Alert
	for _, p := range s.pending {
		if p.Sink == sink {
			out = append(out, p.Alert)
		}
	}
	return out
}

func (s *state) pendingCount() int { return len(s.pending) }

// settle records a delivery: the alerts of batch not in failed are gone.
func (s *state) settle(sink string, batch []alerts.Alert, failed map[string]error, now time.Time) {
	sent := map[string]bool{}
	for _, a := range batch {
		sent[a.Key] = true
	}
	out := s.pending[:0]
	for _, p := range s.pending {
		if p.Sink == sink && sent[p.Alert.Key] {
			err, bad := failed[p.Alert.Key]
			if !bad {
				continue
			}
			p.Attempts++
			if p.FirstFailed.IsZero() {
				p.FirstFailed = now.UTC()
			}
			if err != nil {
				p.LastError = err.Error()
			}
		}
		out = append(out, p)
	}
	s.pending = out
	s.dirty = true
}

// savePending writes pending.json atomically (removes it when nothing
// waits).
func (s *state) savePending() error {
	if !s.dirty {
		return nil
	}
	path := filepath.Join(s.dir, pendingFile)
	if len(s.pending) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("watch: %w", err)
		}
		s.dirty = false
		return nil
	}
	b, err := json.MarshalIndent(pendingDoc{Version: 1, Pending: s.pending}, "", " ")
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	if err := writeAtomic(path, append(b, '\n')); err != nil {
		return err
	}
	s.dirty = false
	return nil
}

// saveSnapshot keeps a scan (and the carried kinds) and prunes the old
// scans. It returns the file's path.
func (s *state) saveSnapshot(snap *inventory.Snapshot, carried map[inventory.Kind]*inventory.KindResult, now time.Time, keep int) (string, error) {
	name := snapshotPrefix + now.UTC().Format(snapshotLayout) + snapshotSuffix
	path := filepath.Join(s.dir, name)
	for i := 2; ; i++ { // two scans in one nanosecond: never overwrite
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			break
		}
		path = filepath.Join(s.dir, strings.TrimSuffix(name, snapshotSuffix)+fmt.Sprintf("-%d", i)+snapshotSuffix)
	}
	if err := snap.SaveFile(path); err != nil {
		return "", fmt.Errorf("watch: keeping the scan: %w", err)
	}
	cpath := filepath.Join(s.dir, carriedFile)
	if len(carried) > 0 {
		c := &inventory.Snapshot{Version: snap.Version, Tenant: snap.Tenant, Scan: snap.Scan, Kinds: carried}
		if err := c.SaveFile(cpath); err != nil {
			return path, fmt.Errorf("watch: keeping the unread kinds: %w", err)
		}
	} else if err := os.Remove(cpath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return path, fmt.Errorf("watch: %w", err)
	}
	return path, s.prune(keep)
}

// prune removes all but the newest keep snapshots.
func (s *state) prune(keep int) error {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	var snaps []string
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, snapshotPrefix) && strings.HasSuffix(n, snapshotSuffix) {
			snaps = append(snaps, n)
		}
	}
	slices.Sort(snaps)
	var errs []error
	for _, n := range snaps[:max(0, len(snaps)-keep)] {
		if err := os.Remove(filepath.Join(s.dir, n)); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("watch: pruning: %w", errors.Join(errs...))
	}
	return nil
}

// writeAtomic writes a file through a temporary file in the same
// directory, synced and renamed: readers see the old file or the new one.
func writeAtomic(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("watch: writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("watch: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("watch: writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	return nil
}
