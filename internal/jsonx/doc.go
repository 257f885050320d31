// Package jsonx holds the JSON string encoder shared by the canonical
// snapshot writer (inventory) and the fake tenant's encoder (auth0test):
// one escaping rule, so both produce the same bytes for the same text.
package jsonx
