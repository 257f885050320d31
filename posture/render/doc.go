// Package render draws what posture/graph finds: a tenant's identity
// graph, a user's or a client's effective access, and attack paths, as
// Graphviz DOT or as Mermaid flowcharts (which GitHub and GitLab render in
// Markdown). Pick the format from the file name and call WriteGraph,
// WriteAccess or WritePath.
//
//	f, err := render.FormatForFile(name) // .dot or .gv, .mmd or .mermaid
//	...
//	err = render.WriteGraph(out, g, f, render.Options{})
//
// # Pictures
//
//   - WriteGraph draws a whole graph.Graph, readable at any size: users
//     are never drawn one by one but as one node per role that has users
//     ("Role Admin: 1,204 users") and one for the users without a role
//     (a user with several roles counts in each of their groups); every
//     other entity is one node, in a cluster per type (Account, Users,
//     Organizations, Connections, Applications, Client grants, Roles,
//     APIs, Scopes, Triggers, Actions, Rules, Hooks, Metadata fields,
//     Claims, then unknown types by name). A user's relationships are
//     drawn from (or to) their groups, and relationships that join the
//     same two nodes with the same verb are one edge labelled with their
//     count ("USES (5,210)"). A tenant of 60,000 users in 12 roles draws
//     as at most 13 user nodes. A relationship to a key no entity has
//     draws that key in a cluster "Not in the graph".
//   - WriteAccess draws a graph.Access: the subject, each hop of each
//     chain (a role, an organization, a client grant, an Action), and
//     the scopes at the end, in a cluster per API; an edge into a hop
//     says what the hop contributes, an edge into a scope the grant's
//     condition.
//   - WritePath draws a graph.Path: every step in order, left to right,
//     with its record, what it contributes and its position in code; the
//     foothold, the privilege and the step that breaks the path are
//     marked in the label and by colour, and the break's label says the
//     change.
//
// Each picture is written with one Write call, and the same input gives
// the same bytes: nodes, clusters and edges come in a fixed order, and
// node ids are derived from the keys (the key made safe, and 8 hex
// digits of its SHA-256), so that a picture's source diffs cleanly
// between two scans.
//
// # Escaping
//
// Every label comes from the tenant, and a name such as
// `A"];click B call x()` or `<script>` must stay text. In DOT, labels are
// quoted strings with '"' and '\' escaped (so no Graphviz escape such as
// \N forms) and '&' as &amp;. In Mermaid, labels are quoted, '"' is
// #quot; and every character but letters, digits, spaces and .,_-/()?!'+=
// is written as its entity code (#60; for '<', #58; for ':'), so that no
// value can close a label, start a statement or a comment, or add HTML;
// Mermaid decodes the codes when it draws. Line breaks, control
// characters and bidirectional overrides become spaces everywhere. The
// Mermaid title is YAML front matter, written as a JSON string.
//
// # Size
//
// Graphviz lays out thousands of nodes; Mermaid, as code hosts run it,
// refuses a diagram of more than 50,000 characters or 500 edges by
// default. Draw a large tenant's whole graph as DOT; Mermaid suits
// access pictures, paths and small tenants.
package render
