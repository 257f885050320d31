// Package model decodes an inventory.Snapshot once into the auth0mgmt
// types, for the posture checks and the identity graph to share: each kind
// is decoded the first time it is asked for, and a kind that was not read
// (forbidden, failed, absent from the snapshot) or a record that does not
// decode comes back as a *NotReadError saying why, with the missing scope
// when there is one, so that nothing judges data it does not have.
package model
