package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// LockFile is the name of the lock file in a state directory. A running
// Watcher holds an exclusive advisory lock on it (flock(2) on Unix,
// LockFileEx on Windows), which the operating system releases when the
// process ends, however it ends: a file left behind by a crash does not
// lock anything. The file is never removed (removing a lock file lets two
// processes lock two different files of one name); what it holds while
// locked, the holder's PID, host and start where the platform allows
// (see LockedError.Holder), is informational only.
const LockFile = "watch.lock"

// ErrStateLocked is returned by Run when another Watcher, in this process
// or another, is running on the same StateDir. The error is a
// *LockedError, which names the directory and, when recorded, the holder.
var ErrStateLocked = errors.New("watch: state directory in use by another watcher")

// Holder is the watcher holding a state directory, as recorded in its
// lock file.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host,omitempty"`
	Started time.Time `json:"started,omitzero"`
}

// String writes "pid 4242 on host scan-1, running since 2025-06-02T09:30:00Z".
func (h Holder) String() string {
	s := fmt.Sprintf("pid %d", h.PID)
	if h.Host != "" {
		s += " on host " + h.Host
	}
	if !h.Started.IsZero() {
		s += ", running since " + h.Started.UTC().Format(time.RFC3339)
	}
	if self, _ := os.Hostname(); h.PID == os.Getpid() && h.Host == self {
		s += " (this process)"
	}
	return s
}

// LockedError is the error of a Run whose StateDir another Watcher holds;
// errors.Is(err, ErrStateLocked) reports it.
type LockedError struct {
	// Dir is the state directory, Lock its lock file.
	Dir  string
	Lock string
	// Holder is the watcher holding it, as its lock file says (nil: not
	// recorded; always nil on Windows, AIX and Solaris, whose locks do
	// not let the file be read or written beside them).
	Holder *Holder
}

func (e *LockedError) Error() string {
	who := "its holder not recorded"
	if e.Holder != nil {
		who = e.Holder.String()
	}
	return fmt.Sprintf("watch: state directory %s is in use by another watcher (%s; lock file %s); "+
		"stop that watcher, or give this one a Watcher.StateDir of its own", e.Dir, who, e.Lock)
}

// Is reports ErrStateLocked.
func (e *LockedError) Is(target error) bool { return target == ErrStateLocked }

// recordsHolder says whether the lock file can carry its holder: where
// the lock is flock(2), which belongs to one open file, so that the file
// can be written and read through other descriptors. Not on Windows
// (LockFileEx locks the file's first byte against other handles' reads
// and writes), nor on AIX and Solaris (fcntl locks, which closing any
// descriptor of the file in the process would release).
var recordsHolder = map[string]bool{"linux": true, "darwin": true, "freebsd": true, "openbsd": true, "netbsd": true,
	"dragonfly": true, "illumos": true}[runtime.GOOS]

// stateLock is the lock a Run holds on its state directory.
type stateLock struct {
	fl   *flock.Flock
	path string
}

// lockState creates dir (0700) when missing and takes its lock without
// waiting: a *LockedError when another watcher holds it. The holder is
// recorded in the lock file, best effort.
func lockState(dir string, started time.Time) (*stateLock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("watch: state directory: %w", err)
	}
	path := filepath.Join(dir, LockFile)
	fl := flock.New(path, flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("watch: locking the state directory (%s): %w", path, err)
	}
	if !ok {
		return nil, &LockedError{Dir: dir, Lock: path, Holder: readHolder(path)}
	}
	if !recordsHolder {
		return &stateLock{fl: fl, path: path}, nil
	}
	host, _ := os.Hostname()
	b, _ := json.Marshal(Holder{PID: os.Getpid(), Host: host, Started: started.UTC()})
	// In place, never renamed over: the lock is on this file. A failure
	// leaves the holder unrecorded, nothing worse.
	_ = writeHolder(path, append(b, '\n'))
	return &stateLock{fl: fl, path: path}, nil
}

// unlock clears the holder (while still holding the lock, so that it never
// clears a later holder's) and releases the lock.
func (l *stateLock) unlock() error {
	if l == nil {
		return nil
	}
	if recordsHolder {
		_ = writeHolder(l.path, nil)
	}
	if err := l.fl.Unlock(); err != nil {
		return fmt.Errorf("watch: unlocking the state directory (%s): %w", l.path, err)
	}
	return nil
}

func writeHolder(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	return errors.Join(err, f.Close())
}

// readHolder reads the holder a lock file records (nil: none, or not
// readable: it may be half written, or locked against reading on Windows).
func readHolder(path string) *Holder {
	if !recordsHolder {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil || len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	var h Holder
	if json.Unmarshal(b, &h) != nil || h.PID <= 0 {
		return nil
	}
	return &h
}
