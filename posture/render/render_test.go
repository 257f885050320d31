package render_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlens/authlens/internal/testtool"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/graph"
	"github.com/authlens/authlens/posture/render"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func jsonUnquote(s string, v *string) error { return json.Unmarshal([]byte(s), v) }

var extensions = map[render.Format]string{render.DOT: ".dot", render.Mermaid: ".mmd"}

var formats = []render.Format{render.DOT, render.Mermaid}

// picture draws one picture in a format.
type picture struct {
	name string
	draw func(w io.Writer, f render.Format) error
}

var pictures = []picture{
	{"graph", func(w io.Writer, f render.Format) error {
		return render.WriteGraph(w, testGraph(), f, render.Options{})
	}},
	{"access", func(w io.Writer, f render.Format) error {
		return render.WriteAccess(w, testAccess(), f, render.Options{})
	}},
	{"path", func(w io.Writer, f render.Format) error {
		p := testPath()
		return render.WritePath(w, &p, f, render.Options{})
	}},
}

func draw(t *testing.T, pic picture, f render.Format) string {
	t.Helper()
	var b bytes.Buffer
	if err := pic.draw(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGolden draws every picture in both formats, twice (the bytes must
// not change), checks its syntax and compares it with
// testdata/<picture>.<ext>; -update rewrites the files.
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, pic := range pictures {
		for _, f := range formats {
			t.Run(pic.name+"/"+string(f), func(t *testing.T) {
				t.Parallel()
				first, second := draw(t, pic, f), draw(t, pic, f)
				if first != second {
					t.Fatal("two drawings of the same input differ")
				}
				if f == render.DOT {
					checkDOT(t, first)
				} else {
					checkMermaid(t, first)
				}
				golden := filepath.Join("testdata", pic.name+extensions[f])
				if *update {
					if err := os.WriteFile(golden, []byte(first), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to write it)", err)
				}
				if first != string(want) {
					t.Errorf("output differs from %s (go test -update rewrites it):\n%s", golden, first)
				}
			})
		}
	}
}

// TestGraphPicture: the small tenant's picture groups its seven users
// into three nodes, draws every other entity once in its type's
// cluster, and counts the relationships it merges.
func TestGraphPicture(t *testing.T) {
	t.Parallel()
	g := testGraph()
	var b bytes.Buffer
	if err := render.WriteGraph(&b, g, render.Mermaid, render.Options{}); err != nil {
		t.Fatal(err)
	}
	doc := checkMermaid(t, b.String())
	var groups []string
	for _, id := range doc.classes["users"] {
		groups = append(groups, doc.nodes[id])
	}
	slices.Sort(groups)
	want := []string{"3 users without a role", "Role Admin: 3 users", "Role Support: 2 users"}
	if !slices.Equal(groups, want) {
		t.Errorf("user groups %q, want %q", groups, want)
	}
	if n, users := len(doc.nodes), 7; n != len(g.Entities)-users+len(want)+1 { // +1: the missing metadata field
		t.Errorf("%d nodes, want %d", n, len(g.Entities)-users+len(want)+1)
	}
	for _, e := range g.Entities {
		if e.Type == "auth0_user" {
			for _, label := range doc.nodes {
				if strings.Contains(label, e.ID) {
					t.Errorf("user %s drawn on its own: %q", e.ID, label)
				}
			}
		}
	}
	labels := map[string]string{}
	for _, e := range doc.edges {
		labels[doc.nodes[e.from]+" -> "+doc.nodes[e.to]] = e.attrs["label"]
	}
	for edge, want := range map[string]string{
		"Role Admin: 3 users -> Admin\nrol_admin":                         "ASSIGNED (3)",
		"Role Support: 2 users -> Support\nrol_support":                   "ASSIGNED (2)",
		"acme.eu.auth0.com -> 3 users without a role":                     "HAS (3)",
		"Role Admin: 3 users -> Username-Password-Authentication\ncon_db": "USES (3)",
		"3 users without a role -> google-oauth2\ncon_google":             "USES (2)",
		"Partners\norg_1 -> 3 users without a role":                       "HAS (1)",
		"Add roles\nact_1 -> metadata:app_metadata.role":                  "WRITES",
		"acme.eu.auth0.com -> Web shop\ncl_web":                           "HAS",
	} {
		if got, ok := labels[edge]; !ok || got != want {
			t.Errorf("edge %q labelled %q (drawn: %v), want %q", edge, got, ok, want)
		}
	}
	for id, title := range doc.subgraphs {
		if strings.HasPrefix(title, "Users") && title != "Users (7)" {
			t.Errorf("users cluster %s is %q", id, title)
		}
	}
	if !strings.HasPrefix(doc.title, "Identity graph: 25 entities (7 users in 3 groups), ") {
		t.Errorf("title %q", doc.title)
	}
}

// TestPathPicture: every step in order, foothold, privilege and break
// marked, positions in the labels.
func TestPathPicture(t *testing.T) {
	t.Parallel()
	p := testPath()
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := render.WritePath(&b, &p, f, render.Options{}); err != nil {
				t.Fatal(err)
			}
			var labels map[string]string
			var edges []dotEdge
			classes := map[string][]string{}
			if f == render.DOT {
				doc := checkDOT(t, b.String())
				labels = map[string]string{}
				for id, a := range doc.nodes {
					labels[id] = a["label"]
					if a["penwidth"] == "4" {
						classes["break"] = append(classes["break"], id)
					}
				}
				edges = doc.edges
			} else {
				doc := checkMermaid(t, b.String())
				labels, edges, classes = doc.nodes, doc.edges, doc.classes
			}
			if len(labels) != 4 || len(edges) != 3 {
				t.Fatalf("%d nodes, %d edges; want 4, 3", len(labels), len(edges))
			}
			for i, e := range edges {
				if e.from != "step_"+string(rune('1'+i)) || e.to != "step_"+string(rune('2'+i)) {
					t.Errorf("edge %d: %s -> %s", i, e.from, e.to)
				}
			}
			for id, want := range map[string][]string{
				"step_1": {"Step 1: foothold", "connections: Username-Password-Authentication", "anyone can sign up", "options.disable_signup"},
				"step_3": {"Step 3: break here", "actions: Add roles", "code, line 4, column 5", "Break: Decide on app_metadata"},
				"step_4": {"Step 4: privilege", "admin:write"},
			} {
				for _, w := range want {
					if !strings.Contains(flat(labels[id]), w) {
						t.Errorf("%s label %q lacks %q", id, labels[id], w)
					}
				}
			}
			if !slices.Equal(classes["break"], []string{"step_3"}) {
				t.Errorf("break marks %v, want step_3", classes["break"])
			}
		})
	}
	// No Break, no mark; a Breaks past the steps marks none either.
	for _, q := range []graph.Path{{Steps: p.Steps}, {Steps: p.Steps, Break: "x", Breaks: 9}} {
		var b bytes.Buffer
		if err := render.WritePath(&b, &q, render.Mermaid, render.Options{}); err != nil {
			t.Fatal(err)
		}
		if doc := checkMermaid(t, b.String()); len(doc.classes["break"]) != 0 || strings.Contains(b.String(), "break here") {
			t.Errorf("break marked without one:\n%s", b.String())
		}
	}
}

func TestAccessPicture(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := render.WriteAccess(&b, testAccess(), render.Mermaid, render.Options{}); err != nil {
		t.Fatal(err)
	}
	doc := checkMermaid(t, b.String())
	// The subject, Admin, Support, the Action, Billing sync, three scopes.
	if len(doc.nodes) != 8 || len(doc.subgraphs) != 2 {
		t.Fatalf("%d nodes in %d clusters, want 8 in 2:\n%s", len(doc.nodes), len(doc.subgraphs), b.String())
	}
	edges := map[string]string{}
	for _, e := range doc.edges {
		edges[doc.nodes[e.from]+" -> "+doc.nodes[e.to]] = e.attrs["label"]
	}
	for edge, label := range map[string]string{
		"user: u3@example.com\nauth0|u3 -> roles: Admin\nrol_admin":  "assigned the role",
		"roles: Admin\nrol_admin -> scope admin:write":               "",
		"actions: Add roles\nact_1 -> scope admin:write":             "when event.user.user_metadata.is_admin\n=== true",
		"clients: Billing sync\ncl_m2m -> any scope (*)":             "",
		"actions: Add roles\nact_1 -> clients: Billing sync\ncl_m2m": "its secret is in the Action's code",
	} {
		if got, ok := edges[edge]; !ok || got != label {
			t.Errorf("edge %q: %q (drawn %v), want %q", edge, got, ok, label)
		}
	}
	if len(doc.edges) != 9 {
		t.Errorf("%d edges, want 9 (shared hops drawn once)", len(doc.edges))
	}
	if len(doc.classes["subject"]) != 1 || len(doc.classes["scope"]) != 3 {
		t.Errorf("classes %v", doc.classes)
	}
}

// hostile values, each written to break out of a label in one of the
// languages.
var hostile = []string{
	`A"];click B call x()`,
	`<script>alert(1)</script>`,
	`x\" y \N \\ \l end`,
	"line\nbreak %%{init: {\"securityLevel\": \"loose\"}}%%",
	`#quot; &amp; &lt; ; --> |x| -.- ::: end`,
	"rtl\u202eevil \u2028 sep",
	"`**md**` [[sub]] {{hex}} ((c))",
}

// hostileAll is every hostile value in one string.
var hostileAll = strings.Join(hostile, " / ")

// hostileGraph puts hostile values in every text a picture draws.
func hostileGraph() (*graph.Graph, *graph.Access, *graph.Path) {
	g := &graph.Graph{}
	for i, h := range hostile {
		g.Entities = append(g.Entities,
			graph.Entity{Key: h, Type: "auth0_client", DisplayName: h, ID: h, Kind: inventory.KindClients},
			graph.Entity{Key: "type " + h, Type: h, DisplayName: "typed " + h},
			graph.Entity{Key: "user " + h, Type: "auth0_user", DisplayName: h},
			graph.Entity{Key: "role " + h, Type: "auth0_role", DisplayName: h},
		)
		g.Relationships = append(g.Relationships,
			graph.Relationship{From: "user " + h, To: "role " + h, Class: "ASSIGNED"},
			graph.Relationship{From: "user " + h, To: h, Class: h},
			graph.Relationship{From: h, To: "missing " + h, Class: hostile[(i+1)%len(hostile)]},
		)
	}
	hop := graph.Hop{EntityKey: "k", Kind: inventory.Kind(hostile[0]), ID: hostile[1], Name: hostile[2], Detail: hostile[3]}
	a := &graph.Access{
		Subject: graph.Entity{Key: hostile[4], Type: hostile[5], DisplayName: hostile[6], ID: hostileAll},
		Grants:  []graph.AccessGrant{{API: hostile[0], APIName: hostileAll, Scope: hostile[1], Via: []graph.Hop{hop}, Condition: hostileAll}},
	}
	p := &graph.Path{Title: hostileAll, Impact: hostile[0], Break: hostileAll, Breaks: 0}
	for _, h := range hostile {
		p.Steps = append(p.Steps, graph.Step{Hop: graph.Hop{EntityKey: h, Kind: inventory.Kind(h), ID: h, Name: h, Detail: h}, Path: h, Line: 1, Column: 2})
	}
	return g, a, p
}

// flat reads a label as one line of words, as the writers wrap it.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestHostileNames: hostile names stay inside their labels in both
// languages, and read back as the text they were (line breaks and
// bidirectional overrides as spaces).
func TestHostileNames(t *testing.T) {
	t.Parallel()
	g, a, p := hostileGraph()
	draws := map[string]func(io.Writer, render.Format) error{
		"graph": func(w io.Writer, f render.Format) error {
			return render.WriteGraph(w, g, f, render.Options{LabelWidth: -1})
		},
		"access": func(w io.Writer, f render.Format) error {
			return render.WriteAccess(w, a, f, render.Options{LabelWidth: -1})
		},
		"path": func(w io.Writer, f render.Format) error {
			return render.WritePath(w, p, f, render.Options{LabelWidth: -1})
		},
		"title": func(w io.Writer, f render.Format) error {
			return render.WritePath(w, p, f, render.Options{Title: hostileAll, LabelWidth: -1})
		},
	}
	for name, drawFn := range draws {
		for _, f := range formats {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				t.Parallel()
				var b bytes.Buffer
				if err := drawFn(&b, f); err != nil {
					t.Fatal(err)
				}
				var texts []string
				if f == render.DOT {
					doc := checkDOT(t, b.String())
					texts = append(texts, doc.graph["label"])
					for _, l := range doc.clusterLabels {
						texts = append(texts, l)
					}
					for _, attrs := range doc.nodes {
						texts = append(texts, attrs["label"])
					}
					for _, e := range doc.edges {
						texts = append(texts, e.attrs["label"])
					}
				} else {
					doc := checkMermaid(t, b.String())
					texts = append(texts, doc.title)
					for _, l := range doc.nodes {
						texts = append(texts, l)
					}
					for _, l := range doc.subgraphs {
						texts = append(texts, l)
					}
					for _, e := range doc.edges {
						texts = append(texts, e.attrs["label"])
					}
					if strings.Contains(b.String(), "click") && !strings.Contains(b.String(), "#quot;") {
						t.Error("a click statement")
					}
				}
				clean := strings.NewReplacer("\u202e", " ", "\u2028", " ")
				if name == "title" && flat(texts[0]) != flat(clean.Replace(hostileAll)) {
					t.Errorf("title reads %q", texts[0])
				}
				all := flat(strings.Join(texts, "\n"))
				for _, h := range hostile {
					if want := flat(clean.Replace(h)); !strings.Contains(all, want) {
						t.Errorf("no label reads %q", want)
					}
				}
			})
		}
	}
}

// TestManyUsers: 5,000 users in three roles (and some in none) draw as
// four user nodes, and the picture stays small.
func TestManyUsers(t *testing.T) {
	t.Parallel()
	g := &graph.Graph{Entities: []graph.Entity{{Key: "acct", Type: "auth0_account", DisplayName: "acct"}}}
	roles := []string{"Admin", "Support", "Viewer"}
	for _, r := range roles {
		g.Entities = append(g.Entities, graph.Entity{Key: "rol_" + r, Type: "auth0_role", DisplayName: r, Kind: inventory.KindRoles, ID: "rol_" + r})
	}
	g.Entities = append(g.Entities, graph.Entity{Key: "org_1", Type: "auth0_organization", DisplayName: "Partners"})
	for i := range 5000 {
		key := fmt.Sprintf("auth0|%04d", i)
		g.Entities = append(g.Entities, graph.Entity{Key: key, Type: "auth0_user", DisplayName: key, Kind: inventory.KindUsers, ID: key})
		g.Relationships = append(g.Relationships, graph.Relationship{From: "acct", To: key, Class: "HAS"})
		if i%10 != 0 { // one in ten has no role
			g.Relationships = append(g.Relationships, graph.Relationship{From: key, To: "rol_" + roles[i%3], Class: "ASSIGNED"})
		}
		if i%100 == 1 {
			g.Relationships = append(g.Relationships, graph.Relationship{From: "org_1", To: key, Class: "HAS"})
		}
	}
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := render.WriteGraph(&b, g, f, render.Options{}); err != nil {
				t.Fatal(err)
			}
			var nodes, edges int
			var groups []string
			if f == render.DOT {
				doc := checkDOT(t, b.String())
				nodes, edges = len(doc.nodes), len(doc.edges)
				for id, a := range doc.nodes {
					if strings.HasPrefix(id, "users_") {
						groups = append(groups, a["label"])
					}
				}
			} else {
				doc := checkMermaid(t, b.String())
				nodes, edges = len(doc.nodes), len(doc.edges)
				for _, id := range doc.classes["users"] {
					groups = append(groups, doc.nodes[id])
				}
			}
			slices.Sort(groups)
			want := []string{"500 users without a role", "Role Admin: 1,500 users", "Role Support: 1,500 users", "Role Viewer: 1,500 users"}
			if !slices.Equal(groups, want) {
				t.Errorf("user nodes %q, want %q", groups, want)
			}
			// The account, three roles, the organization, four groups;
			// HAS from the account and ASSIGNED to each group, HAS from
			// the organization to each group its members are in (every
			// member has a role).
			if nodes != 9 || edges != 4+3+3 {
				t.Errorf("%d nodes, %d edges; want 9, 10", nodes, edges)
			}
			if b.Len() > 4<<10 {
				t.Errorf("%d bytes for 5,000 users", b.Len())
			}
		})
	}
}

func TestFormatForFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want render.Format
		err  bool
	}{
		{"graph.dot", render.DOT, false},
		{"out/Graph.GV", render.DOT, false},
		{"graph.mmd", render.Mermaid, false},
		{"graph.mermaid", render.Mermaid, false},
		{"graph.svg", "", true},
		{"graph", "", true},
		{".dot/graph", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := render.FormatForFile(tt.name)
			if tt.err {
				if !errors.Is(err, render.ErrUnknownFormat) {
					t.Fatalf("FormatForFile(%q) = %q, %v; want ErrUnknownFormat", tt.name, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("FormatForFile(%q) = %q, %v; want %q", tt.name, got, err, tt.want)
			}
		})
	}
}

type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	p := testPath()
	for _, f := range formats {
		if err := render.WritePath(failWriter{}, &p, f, render.Options{}); !errors.Is(err, errWrite) {
			t.Errorf("%s: err = %v, want the writer's", f, err)
		}
	}
	var b bytes.Buffer
	if err := render.WritePath(&b, &p, "svg", render.Options{}); !errors.Is(err, render.ErrUnknownFormat) || b.Len() != 0 {
		t.Errorf("svg: err = %v, wrote %d bytes", err, b.Len())
	}
	for name, err := range map[string]error{
		"graph":  render.WriteGraph(&b, nil, render.DOT, render.Options{}),
		"access": render.WriteAccess(&b, nil, render.DOT, render.Options{}),
		"path":   render.WritePath(&b, nil, render.DOT, render.Options{}),
	} {
		if err == nil {
			t.Errorf("nil %s drawn", name)
		}
	}
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes for nil input", b.Len())
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	p := testPath()
	var b bytes.Buffer
	if err := render.WritePath(&b, &p, render.Mermaid, render.Options{Untitled: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "flowchart LR\n") {
		t.Errorf("untitled picture starts %q", b.String()[:20])
	}
	b.Reset()
	if err := render.WritePath(&b, &p, render.DOT, render.Options{Title: "Mine", LabelWidth: 10}); err != nil {
		t.Fatal(err)
	}
	doc := checkDOT(t, b.String())
	if doc.graph["label"] != "Mine" {
		t.Errorf("title %q", doc.graph["label"])
	}
	for id, a := range doc.nodes {
		for _, l := range strings.Split(a["label"], "\n") {
			if n := len([]rune(l)); n > 10 && (strings.Contains(l, " ") && !strings.HasPrefix(l, "Step ") || n > 20) {
				t.Errorf("%s: line %q is longer than 10 and not one word of up to 20", id, l)
			}
		}
	}
}

// TestDOTWithGraphviz lays every picture out with Graphviz's dot, when
// it is installed (CI installs it and requires it): no error, no warning, and
// no hostile value reaches the SVG as markup.
func TestDOTWithGraphviz(t *testing.T) {
	t.Parallel()
	dot := testtool.Need(t, "dot", "graphviz", "the DOT pictures' layout")
	g, a, p := hostileGraph()
	cases := map[string]func(io.Writer) error{
		"hostile graph":  func(w io.Writer) error { return render.WriteGraph(w, g, render.DOT, render.Options{}) },
		"hostile access": func(w io.Writer) error { return render.WriteAccess(w, a, render.DOT, render.Options{}) },
		"hostile path":   func(w io.Writer) error { return render.WritePath(w, p, render.DOT, render.Options{}) },
	}
	for _, pic := range pictures {
		cases[pic.name] = func(w io.Writer) error { return pic.draw(w, render.DOT) }
	}
	for name, drawFn := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var in, out, errOut bytes.Buffer
			if err := drawFn(&in); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(dot, "-Tsvg")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = &in, &out, &errOut
			if err := cmd.Run(); err != nil || errOut.Len() > 0 {
				t.Fatalf("dot: %v: %s\n%s", err, errOut.String(), in.String())
			}
			svg := out.String()
			if strings.Contains(svg, "<script") || strings.Contains(svg, "onerror") {
				t.Errorf("markup in the SVG:\n%s", svg)
			}
			if strings.HasPrefix(name, "hostile") && !strings.Contains(svg, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("the hostile name is not drawn as text:\n%s", svg)
			}
		})
	}
}

// TestMermaidParser parses every picture with Mermaid itself, when
// AUTHLENS_MERMAID_DIR names a directory where `npm install mermaid@11
// jsdom` ran (CI does not set it): each parses, the parser sees the
// nodes the writer drew and no click action.
func TestMermaidParser(t *testing.T) {
	dir := os.Getenv("AUTHLENS_MERMAID_DIR")
	node, err := exec.LookPath("node")
	if dir == "" || err != nil {
		t.Skip("AUTHLENS_MERMAID_DIR is not set, or node is not installed")
	}
	g, a, p := hostileGraph()
	cases := map[string]func(io.Writer) error{
		"hostile-graph":  func(w io.Writer) error { return render.WriteGraph(w, g, render.Mermaid, render.Options{}) },
		"hostile-access": func(w io.Writer) error { return render.WriteAccess(w, a, render.Mermaid, render.Options{}) },
		"hostile-path":   func(w io.Writer) error { return render.WritePath(w, p, render.Mermaid, render.Options{}) },
	}
	for _, pic := range pictures {
		cases[pic.name] = func(w io.Writer) error { return pic.draw(w, render.Mermaid) }
	}
	tmp := t.TempDir()
	docs := map[string]*mermaidDoc{}
	var files []string
	for name, drawFn := range cases {
		var b bytes.Buffer
		if err := drawFn(&b); err != nil {
			t.Fatal(err)
		}
		docs[filepath.Join(tmp, name+".mmd")] = checkMermaid(t, b.String())
		file := filepath.Join(tmp, name+".mmd")
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	slices.Sort(files)
	script, _ := filepath.Abs("testdata/mermaid-parse.mjs")
	cmd := exec.Command(node, append([]string{script}, files...)...)
	cmd.Env = append(os.Environ(), "AUTHLENS_MERMAID_DIR="+dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var parsed map[string]struct {
		OK       bool
		Error    string
		Vertices []struct {
			ID       string
			Text     string
			Link     bool
			Callback bool
		}
		Edges     []struct{ Start, End, Text string }
		Subgraphs []struct{ ID, Title string }
	}
	if err := json.Unmarshal(out, &parsed); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, file := range files {
		r, doc := parsed[file], docs[file]
		if !r.OK {
			t.Errorf("%s: %s", filepath.Base(file), r.Error)
			continue
		}
		if len(r.Vertices) != len(doc.nodes) || len(r.Edges) != len(doc.edges) || len(r.Subgraphs) != len(doc.subgraphs) {
			t.Errorf("%s: Mermaid reads %d nodes, %d edges, %d subgraphs; the writer drew %d, %d, %d",
				filepath.Base(file), len(r.Vertices), len(r.Edges), len(r.Subgraphs), len(doc.nodes), len(doc.edges), len(doc.subgraphs))
		}
		for _, v := range r.Vertices {
			if v.Link || v.Callback {
				t.Errorf("%s: node %s has a click action", filepath.Base(file), v.ID)
			}
			if _, ok := doc.nodes[v.ID]; !ok {
				t.Errorf("%s: Mermaid reads a node %q the writer did not draw", filepath.Base(file), v.ID)
			}
		}
	}
}

// TestGraphOddEntities: an entity without a type or a name still draws,
// in a cluster of its own.
func TestGraphOddEntities(t *testing.T) {
	t.Parallel()
	g := &graph.Graph{
		Entities:      []graph.Entity{{Key: "k1"}, {Key: "k2", Type: "custom_thing", DisplayName: "Thing"}},
		Relationships: []graph.Relationship{{From: "k1", To: "k2"}},
	}
	var b bytes.Buffer
	if err := render.WriteGraph(&b, g, render.Mermaid, render.Options{}); err != nil {
		t.Fatal(err)
	}
	doc := checkMermaid(t, b.String())
	var titles []string
	for _, l := range doc.subgraphs {
		titles = append(titles, l)
	}
	slices.Sort(titles)
	if !slices.Equal(titles, []string{"Without a type (1)", "custom_thing (1)"}) || len(doc.nodes) != 2 || len(doc.edges) != 1 {
		t.Errorf("clusters %q, %d nodes, %d edges:\n%s", titles, len(doc.nodes), len(doc.edges), b.String())
	}
}
