package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/graph"
	"github.com/authlens/authlens/posture/model"
	"github.com/authlens/authlens/posture/render"
)

// graphConfig is what the identity graph flags ask for.
type graphConfig struct {
	// picture is the -graph file (.dot or .mmd), json the -graph-json
	// file, access the -access subject (a user id or client id) and
	// accessPicture the -access-graph file.
	picture, json, access, accessPicture string
}

func (g *graphConfig) wanted() bool {
	return g.picture != "" || g.json != "" || g.access != "" || g.accessPicture != ""
}

// check validates the graph flags (exit 2 on error).
func (g *graphConfig) check() error {
	for flag, p := range map[string]string{"-graph": g.picture, "-access-graph": g.accessPicture} {
		if p == "" {
			continue
		}
		if _, err := render.FormatForFile(p); err != nil {
			return &usageError{fmt.Sprintf("%s: %s: want a .dot or .mmd file", flag, filepath.Base(p))}
		}
	}
	for flag, p := range map[string]string{"-graph": g.picture, "-graph-json": g.json, "-access-graph": g.accessPicture} {
		if p == "" {
			continue
		}
		if dir := filepath.Dir(p); dir != "." {
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return &usageError{fmt.Sprintf("%s: directory %s does not exist", flag, dir)}
			}
		}
	}
	if g.accessPicture != "" && g.access == "" {
		return &usageError{"-access-graph needs -access ID (a user id or a client id)"}
	}
	return nil
}

// graphs builds the identity graph of snap and writes what the flags ask
// for: the picture, the JSON, a subject's effective access. It returns
// an exit status: exitOK, exitBadConfig for an -access id that is no user
// or client of the snapshot, exitUnreadable when a file cannot be written.
func graphs(cfg *graphConfig, snap *inventory.Snapshot, stdout, stderr io.Writer) int {
	g, err := graph.Build(model.New(snap), graph.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "tenantscan: graph: %v\n", err)
		return exitUnreadable
	}
	if len(g.Missing) > 0 {
		var ks []string
		for _, k := range g.Missing {
			ks = append(ks, string(k))
		}
		fmt.Fprintf(stderr, "tenantscan: the graph lacks what the scan could not read: %s\n", strings.Join(ks, ", "))
	}
	if cfg.picture != "" {
		f, _ := render.FormatForFile(cfg.picture)
		if err := writeFile(cfg.picture, func(w io.Writer) error { return render.WriteGraph(w, g, f, render.Options{}) }); err != nil {
			fmt.Fprintf(stderr, "tenantscan: -graph: %v\n", err)
			return exitUnreadable
		}
		fmt.Fprintf(stderr, "tenantscan: graph picture written to %s\n", cfg.picture)
	}
	if cfg.json != "" {
		if err := writeFile(cfg.json, g.WriteJSON); err != nil {
			fmt.Fprintf(stderr, "tenantscan: -graph-json: %v\n", err)
			return exitUnreadable
		}
		fmt.Fprintf(stderr, "tenantscan: graph (%d entities, %d relationships) written to %s\n",
			len(g.Entities), len(g.Relationships), cfg.json)
	}
	if cfg.access == "" {
		return exitOK
	}
	acc, err := g.Access(cfg.access)
	if errors.Is(err, graph.ErrUnknownSubject) {
		fmt.Fprintf(stderr, "tenantscan: -access: %q is no user id or client id of the snapshot (users are read only with their ids; without the users kind, only clients can be named)\n", cfg.access)
		return exitBadConfig
	}
	if err != nil {
		fmt.Fprintf(stderr, "tenantscan: -access: %v\n", err)
		return exitUnreadable
	}
	accessTable(stdout, acc)
	if cfg.accessPicture != "" {
		f, _ := render.FormatForFile(cfg.accessPicture)
		if err := writeFile(cfg.accessPicture, func(w io.Writer) error { return render.WriteAccess(w, acc, f, render.Options{}) }); err != nil {
			fmt.Fprintf(stderr, "tenantscan: -access-graph: %v\n", err)
			return exitUnreadable
		}
		fmt.Fprintf(stderr, "tenantscan: access picture written to %s\n", cfg.accessPicture)
	}
	return exitOK
}

// accessTable prints what a subject can reach, one line per API and
// scope, with the way it gets there, and then what the snapshot lacks
// that could grant more.
func accessTable(w io.Writer, acc *graph.Access) {
	name := acc.Subject.DisplayName
	if name == "" {
		name = acc.Subject.Key
	}
	fmt.Fprintf(w, "\neffective access of %s (%s):\n", name, acc.Subject.Type)
	defer func() {
		for _, n := range acc.NotRead {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
	}()
	if len(acc.Grants) == 0 {
		fmt.Fprintln(w, "  no API scope")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  API\tSCOPE\tVIA\tCONDITION")
	for _, gr := range acc.Grants {
		var via []string
		for _, h := range gr.Via {
			if h.EntityKey == acc.Subject.Key {
				continue
			}
			v := h.Name
			if v == "" {
				v = h.EntityKey
			}
			if h.Detail != "" {
				v += " (" + h.Detail + ")"
			}
			via = append(via, v)
		}
		api := gr.APIName
		if api == "" {
			api = gr.API
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", clip(api, 40), gr.Scope, clip(strings.Join(via, " > "), 120), gr.Condition)
	}
	tw.Flush()
}

// writeFile writes a file atomically (a temporary file renamed), readable
// by its owner only.
func writeFile(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
