// Package redistest starts a real redis-server for tests: on a free
// loopback port, in the test's temporary directory, with persistence off,
// stopped when the test ends.
//
// Without redis-server on the PATH, Start skips the test with a message
// saying how to install it, unless the environment variable
// AUTHLENS_REQUIRE_REDIS is set (CI sets it, after installing the
// package): then the test fails. No mock stands in for Redis.
package redistest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// RequireEnv is the environment variable that turns a missing
// redis-server from a skip into a failure.
const RequireEnv = "AUTHLENS_REQUIRE_REDIS"

// Server is a redis-server started for a test.
type Server struct {
	// Addr is host:port; URL is redis://host:port/0.
	Addr, URL string

	bin, dir string
	port     int
	mu       sync.Mutex
	cmd      *exec.Cmd
	done     chan struct{}
}

// Start starts redis-server for tb and stops it at tb's cleanup.
func Start(tb testing.TB) *Server {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		msg := "redis-server is not installed: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) to run the Redis tests"
		if os.Getenv(RequireEnv) != "" {
			tb.Fatal(msg + " (" + RequireEnv + " is set: CI never skips them)")
		}
		tb.Skip(msg)
	}
	s := &Server{bin: bin, dir: tb.TempDir()}
	var last error
	for range 5 {
		port, err := freePort()
		if err != nil {
			tb.Fatal(err)
		}
		s.port = port
		s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		s.URL = "redis://" + s.Addr + "/0"
		if last = s.start(); last == nil {
			tb.Cleanup(s.Stop)
			return s
		}
	}
	tb.Fatalf("redistest: redis-server did not start: %v", last)
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// start runs redis-server on s.port and waits until it answers PING.
func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return errors.New("redistest: already running")
	}
	cmd := exec.Command(s.bin,
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--appendonly", "no", "--daemonize", "no",
		"--logfile", filepath.Join(s.dir, "redis.log"), "--databases", "4")
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		if err := ping(ctx, s.Addr); err == nil {
			s.cmd, s.done = cmd, done
			return nil
		}
		select {
		case <-done:
			log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			return fmt.Errorf("redis-server exited: %s", lastLines(string(log), 3))
		case <-ctx.Done():
			_ = cmd.Process.Kill()
			<-done
			return errors.New("redis-server did not answer PING within 10s")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// ping sends PING and expects +PONG.
func ping(ctx context.Context, addr string) error {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return fmt.Errorf("redistest: PING answered %q", line)
	}
	return nil
}

// Stop stops the server (a test may stop it to see what its code does
// without Redis); Restart starts it again on the same port, empty.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.done
	s.cmd, s.done = nil, nil
}

// Restart starts a stopped server again on the same address.
func (s *Server) Restart(tb testing.TB) {
	tb.Helper()
	if err := s.start(); err != nil {
		tb.Fatalf("redistest: restart: %v", err)
	}
}
