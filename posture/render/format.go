package render

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Format is a picture's language.
type Format string

// The formats the writers draw.
const (
	// DOT is Graphviz's language (dot -Tsvg graph.dot > graph.svg).
	DOT Format = "dot"
	// Mermaid is a Mermaid flowchart, which GitHub and GitLab render in
	// Markdown (```mermaid blocks) and mermaid-cli turns into SVG.
	Mermaid Format = "mermaid"
)

// ErrUnknownFormat is returned by FormatForFile and the writers for a
// format they do not know.
var ErrUnknownFormat = errors.New("render: unknown format")

// FormatForFile returns the format a file's extension names, in any
// case: ".dot" or ".gv" for DOT, ".mmd" or ".mermaid" for Mermaid.
func FormatForFile(name string) (Format, error) {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".dot", ".gv":
		return DOT, nil
	case ".mmd", ".mermaid":
		return Mermaid, nil
	}
	return "", fmt.Errorf("%w for %q (want a .dot, .gv, .mmd or .mermaid file)", ErrUnknownFormat, name)
}

// Options tune the pictures. The zero value is ready to use.
type Options struct {
	// Title replaces the picture's own title (the graph's counts, the
	// subject of an access picture, a path's title and impact).
	Title string
	// Untitled draws no title at all (for a picture under a heading of
	// its own, as in a Markdown report).
	Untitled bool
	// LabelWidth is how many characters a line of a label holds before
	// the text wraps onto the next line, at a space (40 when 0; a
	// negative value never wraps). A word of up to twice the width
	// keeps a line of its own; a longer one is split.
	LabelWidth int
}

func (o Options) labelWidth() int {
	switch {
	case o.LabelWidth == 0:
		return 40
	case o.LabelWidth < 0:
		return 0
	}
	return o.LabelWidth
}

// title returns the title to draw: none, the caller's, or the picture's
// own.
func (o Options) title(own string) string {
	switch {
	case o.Untitled:
		return ""
	case o.Title != "":
		return o.Title
	}
	return own
}
