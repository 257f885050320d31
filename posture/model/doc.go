// Package model reads a saved tenant snapshot as typed records. Wrap an
// inventory.Snapshot with New and ask for a kind (t.Clients(), t.Roles(),
// ...): you get the auth0mgmt types, decoded once and shared by everything
// that asks (the posture checks and the identity graph do).
//
//	t := model.New(snap)
//	clients, err := t.Clients()
//	var nr *model.NotReadError
//	if errors.As(err, &nr) { ... } // the scan did not read clients, and why
//
// Each kind is decoded the first time it is asked for. A kind that was not
// read (forbidden, failed, absent from the snapshot) or a record that does
// not decode comes back as a *NotReadError saying why, with the missing
// scope when there is one, so that nothing judges data it does not have.
package model
