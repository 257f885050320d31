// Package jsflow parses one JavaScript script (an Auth0 Action, Rule or
// Hook, a custom database script, a custom social connection's
// fetchUserProfile) and extracts what security checks look at: calls and
// their callees, string literals and the names they are bound to,
// object-literal properties, assignments, declarations, functions and
// require()d modules, each with its position in the source.
//
// It knows nothing of Auth0: callers give the names they look for
// ("api.multifactor.enable", "event.secrets"). Positions are 1-based
// lines and columns counted in characters of the original source, also
// for bare function expressions ("function (user, context, callback)
// {...}"), which Parse wraps in parentheses to parse them.
//
// The syntax tree is github.com/dop251/goja/ast's; Walk and WalkStack
// visit every node of it, and DottedName reads member chains
// (event?.user["app_metadata"].role is event.user.app_metadata.role).
// The package is the base of a data-flow analysis: Bindings, Assignments
// and Functions give the facts a flow from sources to sinks is built on.
//
// Parse reads nothing but the source (source map comments are ignored),
// and a Script is immutable and safe for concurrent use.
package jsflow
