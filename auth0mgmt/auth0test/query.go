package auth0test

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The q parameter of /users and /logs: a Lucene subset.
//
//	query  := or
//	or     := and ("OR" and)*
//	and    := unary (["AND"] unary)*     (juxtaposition means AND)
//	unary  := ("NOT" | "-") unary | "(" query ")" | term
//	term   := [field ":"] value
//	value  := word | "quoted" | "[" lo "TO" hi "]" | "{" lo "TO" hi "}" (or mixed)
//
// Words may hold * wildcards; field:* means "has the field". Ranges use *
// for an open end and compare dates as instants (created_at, updated_at,
// last_login, last_password_reset, date), numbers numerically
// (logins_count) and other fields as strings. A term without a field
// matches user_id, email, name, nickname or username (logs: any field).

type fieldSource interface {
	// values are the field's values (several for identities.connection).
	values(field string) []string
	// millis is a date field as unix ms.
	millis(field string) (int64, bool)
}

type matcher interface{ match(fieldSource) bool }

type andM []matcher
type orM []matcher
type notM struct{ m matcher }

func (a andM) match(s fieldSource) bool {
	for _, m := range a {
		if !m.match(s) {
			return false
		}
	}
	return true
}

func (o orM) match(s fieldSource) bool {
	for _, m := range o {
		if m.match(s) {
			return true
		}
	}
	return false
}

func (n notM) match(s fieldSource) bool { return !n.m.match(s) }

type termM struct {
	field string // "" = default fields
	value string // lower-cased; may hold *
}

var defaultUserFields = []string{"user_id", "email", "name", "nickname", "username"}

func (t termM) match(s fieldSource) bool {
	fields := []string{t.field}
	if t.field == "" {
		fields = defaultUserFields
		if ls, ok := s.(logFields); ok {
			fields = ls.allFields()
		}
	}
	for _, f := range fields {
		vals := s.values(f)
		if t.value == "*" && len(vals) > 0 {
			return true
		}
		for _, v := range vals {
			v = strings.ToLower(v)
			if strings.Contains(t.value, "*") || strings.Contains(t.value, "?") {
				if ok, _ := path.Match(t.value, v); ok {
					return true
				}
			} else if v == t.value {
				return true
			}
		}
	}
	return false
}

type rangeM struct {
	field          string
	lo, hi         string // "" = open
	loInc, hiInc   bool
	loMS, hiMS     int64
	loNum, hiNum   float64
	isDate, isNum  bool
	hasLo, hasHigh bool
}

func isDateField(f string) bool {
	switch f {
	case "created_at", "updated_at", "last_login", "last_password_reset", "date":
		return true
	}
	return false
}

func isNumField(f string) bool { return f == "logins_count" }

var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z", "2006-01-02T15:04:05Z",
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01", "2006"}

func parseDate(s string) (int64, error) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UnixMilli(), nil
		}
	}
	return 0, fmt.Errorf("invalid date %q", s)
}

func (r *rangeM) prepare() error {
	r.hasLo, r.hasHigh = r.lo != "" && r.lo != "*", r.hi != "" && r.hi != "*"
	var err error
	switch {
	case isDateField(r.field):
		r.isDate = true
		if r.hasLo {
			if r.loMS, err = parseDate(r.lo); err != nil {
				return err
			}
		}
		if r.hasHigh {
			if r.hiMS, err = parseDate(r.hi); err != nil {
				return err
			}
		}
	case isNumField(r.field):
		r.isNum = true
		if r.hasLo {
			if r.loNum, err = strconv.ParseFloat(r.lo, 64); err != nil {
				return err
			}
		}
		if r.hasHigh {
			if r.hiNum, err = strconv.ParseFloat(r.hi, 64); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *rangeM) match(s fieldSource) bool {
	if r.isDate {
		v, ok := s.millis(r.field)
		if !ok {
			return false
		}
		if r.hasLo && (v < r.loMS || (!r.loInc && v == r.loMS)) {
			return false
		}
		if r.hasHigh && (v > r.hiMS || (!r.hiInc && v == r.hiMS)) {
			return false
		}
		return true
	}
	for _, sv := range s.values(r.field) {
		if r.isNum {
			v, err := strconv.ParseFloat(sv, 64)
			if err != nil {
				continue
			}
			if r.hasLo && (v < r.loNum || (!r.loInc && v == r.loNum)) {
				continue
			}
			if r.hasHigh && (v > r.hiNum || (!r.hiInc && v == r.hiNum)) {
				continue
			}
			return true
		}
		if r.hasLo && (sv < r.lo || (!r.loInc && sv == r.lo)) {
			continue
		}
		if r.hasHigh && (sv > r.hi || (!r.hiInc && sv == r.hi)) {
			continue
		}
		return true
	}
	return false
}

// ---- parser -----------------------------------------------------------

type qparser struct {
	s   []rune
	pos int
}

var errQuery = errors.New("invalid query")

// parseQuery parses q; an empty q gives a nil matcher (match all).
func parseQuery(q string) (matcher, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	p := &qparser{s: []rune(q)}
	m, err := p.or()
	if err != nil {
		return nil, err
	}
	p.skip()
	if p.pos < len(p.s) {
		return nil, fmt.Errorf("%w: unexpected %q at %d", errQuery, string(p.s[p.pos:]), p.pos)
	}
	return m, nil
}

func (p *qparser) skip() {
	for p.pos < len(p.s) && unicode.IsSpace(p.s[p.pos]) {
		p.pos++
	}
}

// keyword reports whether the next word is kw (followed by a space or "(").
func (p *qparser) keyword(kw string) bool {
	p.skip()
	n := len([]rune(kw))
	if p.pos+n > len(p.s) || string(p.s[p.pos:p.pos+n]) != kw {
		return false
	}
	if p.pos+n < len(p.s) && !unicode.IsSpace(p.s[p.pos+n]) && p.s[p.pos+n] != '(' {
		return false
	}
	p.pos += n
	return true
}

func (p *qparser) or() (matcher, error) {
	first, err := p.and()
	if err != nil {
		return nil, err
	}
	ms := orM{first}
	for p.keyword("OR") || p.op("||") {
		m, err := p.and()
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	if len(ms) == 1 {
		return first, nil
	}
	return ms, nil
}

func (p *qparser) op(s string) bool {
	p.skip()
	if strings.HasPrefix(string(p.s[p.pos:]), s) {
		p.pos += len(s)
		return true
	}
	return false
}

func (p *qparser) and() (matcher, error) {
	first, err := p.unary()
	if err != nil {
		return nil, err
	}
	ms := andM{first}
	for {
		p.skip()
		if p.pos >= len(p.s) || p.s[p.pos] == ')' {
			break
		}
		save := p.pos
		if p.keyword("OR") {
			p.pos = save
			break
		}
		if p.op("||") {
			p.pos = save
			break
		}
		if !p.keyword("AND") {
			p.op("&&")
		}
		m, err := p.unary()
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	if len(ms) == 1 {
		return first, nil
	}
	return ms, nil
}

func (p *qparser) unary() (matcher, error) {
	p.skip()
	if p.pos >= len(p.s) {
		return nil, fmt.Errorf("%w: unexpected end", errQuery)
	}
	if p.keyword("NOT") || p.op("-") || p.op("!") {
		m, err := p.unary()
		if err != nil {
			return nil, err
		}
		return notM{m}, nil
	}
	p.op("+")
	if p.s[p.pos] == '(' {
		p.pos++
		m, err := p.or()
		if err != nil {
			return nil, err
		}
		p.skip()
		if p.pos >= len(p.s) || p.s[p.pos] != ')' {
			return nil, fmt.Errorf("%w: missing )", errQuery)
		}
		p.pos++
		return m, nil
	}
	return p.term()
}

// word reads up to a space, a paren or (when stopColon) an unescaped colon.
func (p *qparser) word(stopColon bool) string {
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if unicode.IsSpace(c) || c == '(' || c == ')' || (stopColon && c == ':') || c == ']' || c == '}' {
			break
		}
		if c == '\\' && p.pos+1 < len(p.s) {
			p.pos++
			c = p.s[p.pos]
		}
		b.WriteRune(c)
		p.pos++
	}
	return b.String()
}

func (p *qparser) quoted() (string, error) {
	p.pos++ // opening quote
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c == '\\' && p.pos+1 < len(p.s) {
			b.WriteRune(p.s[p.pos+1])
			p.pos += 2
			continue
		}
		if c == '"' {
			p.pos++
			return b.String(), nil
		}
		b.WriteRune(c)
		p.pos++
	}
	return "", fmt.Errorf("%w: unterminated quote", errQuery)
}

func (p *qparser) term() (matcher, error) {
	p.skip()
	var field string
	if p.s[p.pos] != '"' && p.s[p.pos] != '[' && p.s[p.pos] != '{' {
		save := p.pos
		w := p.word(true)
		if p.pos < len(p.s) && p.s[p.pos] == ':' {
			field = w
			p.pos++
		} else {
			p.pos = save
		}
	}
	if p.pos >= len(p.s) {
		return nil, fmt.Errorf("%w: missing value for %s", errQuery, field)
	}
	switch p.s[p.pos] {
	case '"':
		v, err := p.quoted()
		if err != nil {
			return nil, err
		}
		return termM{field: field, value: strings.ToLower(v)}, nil
	case '[', '{':
		if field == "" {
			return nil, fmt.Errorf("%w: range without a field", errQuery)
		}
		r := &rangeM{field: field, loInc: p.s[p.pos] == '['}
		p.pos++
		p.skip()
		r.lo = p.rangeBound()
		if !p.keyword("TO") {
			return nil, fmt.Errorf("%w: range without TO", errQuery)
		}
		p.skip()
		r.hi = p.rangeBound()
		p.skip()
		if p.pos >= len(p.s) || (p.s[p.pos] != ']' && p.s[p.pos] != '}') {
			return nil, fmt.Errorf("%w: unterminated range", errQuery)
		}
		r.hiInc = p.s[p.pos] == ']'
		p.pos++
		if err := r.prepare(); err != nil {
			return nil, fmt.Errorf("%w: %v", errQuery, err)
		}
		return r, nil
	}
	v := p.word(false)
	if v == "" {
		return nil, fmt.Errorf("%w: empty term", errQuery)
	}
	return termM{field: field, value: strings.ToLower(v)}, nil
}

func (p *qparser) rangeBound() string {
	if p.pos < len(p.s) && p.s[p.pos] == '"' {
		v, _ := p.quoted()
		return v
	}
	return p.word(false)
}

// ---- field sources ----------------------------------------------------

// userFields exposes a user to the matcher.
type userFields struct {
	t *Tenant
	i int
}

func (f userFields) millis(field string) (int64, bool) {
	u := &f.t.users[f.i]
	switch field {
	case "created_at":
		return u.created, true
	case "updated_at":
		return u.updated, true
	case "last_login":
		return u.lastLogin, u.lastLogin != 0
	}
	return 0, false
}

func (f userFields) values(field string) []string {
	t, u := f.t, &f.t.users[f.i]
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	switch field {
	case "user_id":
		return one(u.id)
	case "email":
		return one(u.email)
	case "name":
		return one(u.name())
	case "nickname":
		return one(u.nickname)
	case "given_name":
		return one(u.given)
	case "family_name":
		return one(u.family)
	case "username":
		return one(u.username)
	case "email_verified":
		return []string{strconv.FormatBool(u.flags&uEmailVerified != 0)}
	case "blocked":
		if u.flags&uBlocked != 0 {
			return []string{"true"}
		}
		return nil
	case "created_at", "updated_at", "last_login":
		if ms, ok := f.millis(field); ok {
			return []string{fmtMS(ms)}
		}
		return nil
	case "logins_count":
		if u.lastLogin == 0 {
			return nil
		}
		return []string{strconv.Itoa(int(u.logins))}
	case "last_ip":
		if u.lastLogin == 0 {
			return nil
		}
		return []string{ipString(u.ip)}
	case "multifactor":
		if u.mfa == 0 {
			return nil
		}
		return []string{mfaProviders[u.mfa]}
	case "identities.connection":
		v := []string{t.connNames[u.conn]}
		if u.linked >= 0 {
			v = append(v, t.connNames[u.linked])
		}
		return v
	case "identities.provider":
		p, _, _ := strings.Cut(u.id, "|")
		v := []string{p}
		if u.linked >= 0 {
			v = append(v, t.connStrategy[u.linked])
		}
		return v
	case "identities.user_id":
		_, rest, _ := strings.Cut(u.id, "|")
		v := []string{rest}
		if u.linked >= 0 {
			v = append(v, u.linkedID)
		}
		return v
	}
	if key, ok := strings.CutPrefix(field, "user_metadata."); ok {
		return metaValues(u.userMeta, key)
	}
	if key, ok := strings.CutPrefix(field, "app_metadata."); ok {
		return metaValues(u.appMeta, key)
	}
	return nil
}

// metaValues reads a dotted key of a metadata object as strings.
func metaValues(doc, key string) []string {
	if doc == "" {
		return nil
	}
	var v any
	if json.Unmarshal([]byte(doc), &v) != nil {
		return nil
	}
	for _, part := range strings.Split(key, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	var out []string
	var add func(any)
	add = func(x any) {
		switch y := x.(type) {
		case nil:
		case string:
			out = append(out, y)
		case bool:
			out = append(out, strconv.FormatBool(y))
		case float64:
			out = append(out, strconv.FormatFloat(y, 'f', -1, 64))
		case []any:
			for _, e := range y {
				add(e)
			}
		default:
			j, _ := json.Marshal(y)
			out = append(out, string(j))
		}
	}
	add(v)
	return out
}

// logFields exposes a log event to the matcher.
type logFields struct {
	t *Tenant
	i int
}

func (f logFields) millis(field string) (int64, bool) {
	if field == "date" {
		return f.t.logs.created[f.i], true
	}
	return 0, false
}

func (f logFields) values(field string) []string {
	v, ok := f.t.logs.items[f.i].get(field)
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case bool:
		return []string{strconv.FormatBool(x)}
	case int:
		return []string{strconv.Itoa(x)}
	}
	return nil
}

func (f logFields) allFields() []string {
	o := f.t.logs.items[f.i]
	out := make([]string, 0, len(o))
	for _, m := range o {
		if _, ok := m.v.(string); ok {
			out = append(out, m.k)
		}
	}
	return out
}
