package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/authlens/authlens/inventory"
)

// diffWidth is the width changes are wrapped at.
const diffWidth = 100

// changes prints a diff, each change whole: a long one wraps onto
// indented lines, nothing is cut.
func changes(w io.Writer, since string, cs []inventory.Change) {
	if len(cs) == 0 {
		fmt.Fprintf(w, "\nno changes since %s\n", since)
		return
	}
	fmt.Fprintf(w, "\n%d change(s) since %s:\n", len(cs), since)
	for _, c := range cs {
		for _, line := range wrap(c.String(), diffWidth-2) {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
}

// wrap splits s into lines of at most width bytes (continuation lines
// indented by four spaces), breaking after ", " or a space where it can,
// within a UTF-8 sequence never; the lines joined give s back.
func wrap(s string, width int) []string {
	const indent = "    "
	var out []string
	first := true
	for {
		w := width
		if !first {
			w -= len(indent)
		}
		if len(s) <= w {
			break
		}
		cut := -1
		for i := w; i > w/2; i-- {
			if s[i-1] == ' ' || s[i-1] == ',' {
				cut = i
				break
			}
		}
		if cut < 0 {
			cut = w
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			if cut == 0 {
				cut = w
			}
		}
		line := s[:cut]
		if !first {
			line = indent + line
		}
		out = append(out, line)
		s, first = s[cut:], false
	}
	if !first {
		s = indent + s
	}
	return append(out, s)
}

// diffDocument is what -diff-json writes.
type diffDocument struct {
	// Tenant is the tenant of the new scan; Since the earlier snapshot.
	Tenant  string             `json:"tenant"`
	Since   string             `json:"since"`
	Changes []inventory.Change `json:"changes"`
}

// writeDiffJSON writes the changes to path as one JSON document
// (atomically, readable by the owner only, like snapshots).
func writeDiffJSON(path, tenant, since string, cs []inventory.Change) error {
	if cs == nil {
		cs = []inventory.Change{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(diffDocument{Tenant: tenant, Since: since, Changes: cs}); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}
