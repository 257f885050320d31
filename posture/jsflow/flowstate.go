package jsflow

// Variables, scopes and the flow-sensitive state of the analysis.

// scope maps names to variables; small scopes are searched, large ones
// indexed.
type scope struct {
	parent *scope
	names  []string
	ids    []int32
	idx    map[string]int32 // when names are many
	fn     bool             // a function's (or the program's) scope: var declarations go here
}

const scopeIndexAt = 16

func (sc *scope) lookup(name string) (int32, bool) {
	for s := sc; s != nil; s = s.parent {
		if id, ok := s.own(name); ok {
			return id, true
		}
	}
	return 0, false
}

func (sc *scope) own(name string) (int32, bool) {
	if sc.idx != nil {
		id, ok := sc.idx[name]
		return id, ok
	}
	for i := len(sc.names) - 1; i >= 0; i-- {
		if sc.names[i] == name {
			return sc.ids[i], true
		}
	}
	return 0, false
}

func (sc *scope) add(name string, id int32) {
	sc.names = append(sc.names, name)
	sc.ids = append(sc.ids, id)
	switch {
	case sc.idx != nil:
		sc.idx[name] = id
	case len(sc.names) > scopeIndexAt:
		sc.idx = make(map[string]int32, 2*len(sc.names))
		for i, n := range sc.names {
			sc.idx[n] = sc.ids[i]
		}
	}
}

func (sc *scope) fnScope() *scope {
	s := sc
	for s.parent != nil && !s.fn {
		s = s.parent
	}
	return s
}

// state holds the value of every variable; writes are logged so that
// the branches of a condition can be analysed one after the other and
// joined.
type state struct {
	vals []*value
	log  []logEntry
	seen []uint32 // stamp per variable, for changes
	gen  uint32
}

type logEntry struct {
	id  int32
	old *value
}

type change struct {
	id int32
	v  *value
}

func (st *state) newVar(v *value) int32 {
	st.vals = append(st.vals, v)
	return int32(len(st.vals) - 1)
}

func (st *state) get(id int32) *value {
	if int(id) < len(st.vals) {
		return st.vals[id]
	}
	return nil
}

func (st *state) set(id int32, v *value) {
	if int(id) >= len(st.vals) || st.vals[id] == v {
		return
	}
	st.log = append(st.log, logEntry{id, st.vals[id]})
	st.vals[id] = v
}

func (st *state) mark() int { return len(st.log) }

// changes returns the variables written since mark m, with their
// current values.
func (st *state) changes(m int) []change {
	if len(st.log) == m {
		return nil
	}
	st.gen++
	if st.gen == 0 {
		clear(st.seen)
		st.gen = 1
	}
	if len(st.seen) < len(st.vals) {
		st.seen = append(st.seen, make([]uint32, len(st.vals)-len(st.seen))...)
	}
	var out []change
	for i := len(st.log) - 1; i >= m; i-- {
		id := st.log[i].id
		if st.seen[id] == st.gen {
			continue
		}
		st.seen[id] = st.gen
		out = append(out, change{id, st.vals[id]})
	}
	return out
}

// undo restores the values of mark m.
func (st *state) undo(m int) {
	for i := len(st.log) - 1; i >= m; i-- {
		e := st.log[i]
		st.vals[e.id] = e.old
	}
	st.log = st.log[:m]
}

// joinIn sets each changed variable to the join of its current value
// and the changed one.
func (st *state) joinIn(chs []change) {
	for _, c := range chs {
		st.set(c.id, join(st.get(c.id), c.v))
	}
}

// apply sets each changed variable to its changed value.
func (st *state) apply(chs []change) {
	for _, c := range chs {
		st.set(c.id, c.v)
	}
}

// merge sets the state (at the values before both branches) to what
// follows two branches whose changes are a and b; a branch that surely
// leaves (aGone, bGone) does not reach what follows.
func (st *state) merge(a []change, aGone bool, b []change, bGone bool) {
	switch {
	case aGone && bGone:
		return
	case aGone:
		st.apply(b)
		return
	case bGone:
		st.apply(a)
		return
	}
	if len(b) == 0 {
		st.joinIn(a)
		return
	}
	if len(a) == 0 {
		st.joinIn(b)
		return
	}
	inA := make(map[int32]*value, len(a))
	for _, c := range a {
		inA[c.id] = c.v
	}
	for _, c := range b {
		if av, ok := inA[c.id]; ok {
			st.set(c.id, join(av, c.v))
			delete(inA, c.id)
		} else {
			st.set(c.id, join(st.get(c.id), c.v))
		}
	}
	for _, c := range a {
		if av, ok := inA[c.id]; ok {
			st.set(c.id, join(st.get(c.id), av))
		}
	}
}
