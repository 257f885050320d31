package graph

import (
	"bufio"
	"encoding/json"
	"io"
	"slices"
)

// WriteJSON writes the graph as JupiterOne's ingestion format:
// {"entities":[...],"relationships":[...]}, each entity with _key, _type,
// _class and displayName and each relationship with _key, _type, _class,
// _fromEntityKey and _toEntityKey, properties flat beside them. The
// output is deterministic (sorted by key, properties by name) and written
// one object at a time.
func (g *Graph) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	o := &jsonOut{w: bw}
	o.raw(`{"entities":[`)
	for i := range g.Entities {
		e := &g.Entities[i]
		if i > 0 {
			o.raw(",")
		}
		o.raw("\n")
		o.object([]member{{"_key", e.Key}, {"_type", e.Type}, {"_class", e.Class}, {"displayName", e.DisplayName}}, e.Properties)
	}
	o.raw("\n],\"relationships\":[")
	for i := range g.Relationships {
		r := &g.Relationships[i]
		if i > 0 {
			o.raw(",")
		}
		o.raw("\n")
		o.object([]member{{"_key", r.Key}, {"_type", r.Type}, {"_class", r.Class},
			{"_fromEntityKey", r.From}, {"_toEntityKey", r.To}, {"displayName", r.Class}}, r.Properties)
	}
	o.raw("\n]}\n")
	if o.err != nil {
		return o.err
	}
	return bw.Flush()
}

type member struct {
	name  string
	value any
}

// jsonOut writes JSON and keeps the first error.
type jsonOut struct {
	w   *bufio.Writer
	err error
}

func (o *jsonOut) raw(s string) {
	if o.err == nil {
		_, o.err = o.w.WriteString(s)
	}
}

func (o *jsonOut) value(v any) {
	if o.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		o.err = err
		return
	}
	_, o.err = o.w.Write(b)
}

// object writes the fixed members, then the properties sorted by name
// (a property never overrides a fixed member).
func (o *jsonOut) object(fixed []member, props map[string]any) {
	o.raw("{")
	for i, m := range fixed {
		if i > 0 {
			o.raw(",")
		}
		o.value(m.name)
		o.raw(":")
		o.value(m.value)
	}
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if slices.ContainsFunc(fixed, func(m member) bool { return m.name == k }) {
			continue
		}
		o.raw(",")
		o.value(k)
		o.raw(":")
		o.value(props[k])
	}
	o.raw("}")
}
