package auth0test

import (
	"encoding/base64"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// rng is a deterministic generator; each kind of object draws from its own
// stream so that changing one count does not reshuffle the other kinds.
type rng struct{ *rand.Rand }

func newRNG(seed int64, stream uint64) rng {
	return rng{rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15^stream))}
}

const (
	alnumChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	crockford  = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)

func (r rng) chars(n int, set string) string {
	var b strings.Builder
	b.Grow(n)
	for range n {
		b.WriteByte(set[r.IntN(len(set))])
	}
	return b.String()
}

const hexDigits = "0123456789abcdef"

func (r rng) alnum(n int) string { return r.chars(n, alnumChars) }
func (r rng) hex(n int) string   { return r.chars(n, hexDigits) }
func (r rng) digits(n int) string {
	return string('1'+byte(r.IntN(9))) + r.chars(n-1, "0123456789")
}

func (r rng) uuid() string {
	h := []byte(r.hex(32))
	h[12] = '4'
	h[16] = "89ab"[r.IntN(4)]
	s := string(h)
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

// ulid is a 26-character Crockford base32 id whose first 10 characters
// encode ms, like hook ids.
func (r rng) ulid(ms int64) string {
	var b [26]byte
	for i := 9; i >= 0; i-- {
		b[i] = crockford[ms&31]
		ms >>= 5
	}
	for i := 10; i < 26; i++ {
		b[i] = crockford[r.IntN(32)]
	}
	return string(b[:])
}

func (r rng) b64(n int) string {
	buf := make([]byte, n)
	for i := range buf {
		buf[i] = byte(r.IntN(256))
	}
	return base64.RawURLEncoding.EncodeToString(buf)
}

func (r rng) pick(xs []string) string { return xs[r.IntN(len(xs))] }
func (r rng) chance(p float64) bool   { return r.Float64() < p }

// between is a random instant in [a, b) (unix ms).
func (r rng) between(a, b int64) int64 {
	if b <= a {
		return a
	}
	return a + r.Int64N(b-a)
}

// subset picks k distinct indexes of [0, n), ascending (Floyd's algorithm).
func (r rng) subset(n, k int) []int32 {
	if k >= n {
		out := make([]int32, n)
		for i := range out {
			out[i] = int32(i)
		}
		return out
	}
	if k <= 0 {
		return nil
	}
	seen := make(map[int32]struct{}, k)
	out := make([]int32, 0, k)
	for j := n - k; j < n; j++ {
		t := int32(r.IntN(j + 1))
		if _, ok := seen[t]; ok {
			t = int32(j)
		}
		seen[t] = struct{}{}
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// around draws a count near mean (between half and one and a half times it).
func (r rng) around(mean int) int {
	if mean <= 0 {
		return 0
	}
	lo := mean / 2
	return lo + r.IntN(mean+1)
}

const (
	msLayout   = "2006-01-02T15:04:05.000Z"
	nanoLayout = "2006-01-02T15:04:05.000000000Z"
)

func fmtMS(ms int64) string { return time.UnixMilli(ms).UTC().Format(msLayout) }

// fmtNano formats ms with nanosecond digits, like Actions timestamps.
func fmtNano(ms int64, extra int) string {
	return time.UnixMilli(ms).UTC().Add(time.Duration(extra)).Format(nanoLayout)
}

func base() int64 { return BaseTime().UnixMilli() }

const (
	dayMS  = int64(24 * time.Hour / time.Millisecond)
	yearMS = 365 * dayMS
)
