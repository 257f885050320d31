// Package jsflow reads an Auth0 Action, Rule or Hook (or a custom database
// script, or a custom social connection's fetchUserProfile) as code. Parse
// one script to get its requires, calls, strings and assignments with
// their positions; Analyze it to follow data from the sources you name
// (event.user.user_metadata) to the sinks you name
// (api.accessToken.addScope), with every step in between.
//
//	s, err := jsflow.Parse("actions/risk/code", src)
//	a := jsflow.Analyze(s, jsflow.Spec{Params: []string{"event", "api"},
//		Sources: []jsflow.Source{{Prefix: "event.user.user_metadata", Label: "user_metadata"}},
//		Sinks:   []jsflow.Sink{{Callee: "api.accessToken.addScope", Label: "scope", Args: []int{0}}}})
//	for _, f := range a.Flows { fmt.Println(f.Source.Name, "reaches", f.Sink.Name, "at", f.Sink.Pos) }
//
// It knows nothing of Auth0: callers give the names they look for
// ("api.multifactor.enable", "event.secrets"). Positions are 1-based
// lines and columns counted in characters of the original source, also
// for bare function expressions ("function (user, context, callback)
// {...}"), which Parse wraps in parentheses to parse them.
//
// # Parsing and extraction
//
// The syntax tree is github.com/dop251/goja/ast's; Walk and WalkStack
// visit every node of it, and DottedName reads member chains
// (event?.user["app_metadata"].role is event.user.app_metadata.role).
// Strings, Calls, Properties, Requires, Assignments, Bindings and
// Functions give the script's facts with their positions.
//
// Parse reads nothing but the source (source map comments are ignored),
// and a Script is immutable and safe for concurrent use.
//
// # Data flow
//
// Analyze follows values within one script, from Sources (dotted-name
// prefixes: "event.user.user_metadata") to Sinks (calls:
// "api.accessToken.addScope") and AssignSinks (assignment targets:
// "context.idToken"). Names are written with canonical parameter names
// (Spec.Params): the entry function, assigned to exports.X,
// module.exports.X or module.exports, or the bare function of a Rule or
// Hook, may call its parameters anything. A flow is a value flow (the
// source's data reaches an argument or the assigned value) or, for a
// sink marked Guard, a guard flow (the source decides whether the sink
// runs). Each flow names the source's and the sink's positions and the
// steps in between (aliases, destructurings, a helper's parameter and
// return, the conditions of a guard).
//
// What it follows:
//   - variables (var, let, const; reassignment, compound assignment; a
//     variable overwritten with a constant holds no taint any more),
//     flow-sensitively: both branches of a condition are followed and
//     joined, a branch that returns does not reach what follows, loop
//     bodies run twice so that values carried from one iteration to the
//     next are seen;
//   - aliases of objects (const md = event.user.user_metadata; md.role is
//     event.user.user_metadata.role) and destructuring (object and array
//     patterns, nested, defaults, rest, renamed keys; in declarations,
//     assignments, parameters and loop heads);
//   - members: dot and bracket access with a literal or constant key
//     extend the dotted name; a computed key on a tainted object, or a
//     tainted key on any object (SCOPES[md.role]), is tainted; optional
//     chaining is a plain member read;
//   - expressions: a ? b : c (its value depends on a too), &&, ||, ??,
//     template literals, concatenation and the other operators, unary
//     operators, await, spreads, array and object literals (an object
//     literal is tainted in its tainted members only);
//   - calls: a call of a local function (a function declaration, a
//     function expression or an arrow bound to a name or held in an
//     object literal, also one chosen by a computed key, under that
//     key's guard) is followed into the function with that call's
//     arguments (a helper given event reads event.user.user_metadata; a
//     sink in it reports each call's constant arguments), up to 6 nested
//     calls and 2 levels of recursion; any other call with
//     a tainted receiver or argument returns taint (x.split(','),
//     JSON.parse(x), String(x), fetch(x)...), except a sink's; a function
//     passed to such a call (forEach, map, then) is followed as if called
//     there with the receiver's and arguments' taint, and the receiver
//     decides whether it runs; push, unshift, splice, set, add, append
//     and fill store their arguments in a local receiver, and
//     Object.assign in its first argument;
//   - implicit flows: a variable declared outside a condition (an if,
//     a loop, a switch, &&...) and assigned, or filled with push and the
//     like, under it depends on it (let role = 'user'; if (md.admin)
//     role = 'admin'; role now holds md.admin);
//   - closures read the current value of the variables they close over;
//   - statements: if/else, switch, for, for-in and for-of (over a tainted
//     collection the loop variable is tainted), while, do-while,
//     try/catch/finally, labels.
//
// Guards: a sink runs under the conditions of every if, else, switch
// case, loop, conditional expression, &&, || and ?? around it, and, after
// an if (or switch, or loop) whose branch may return or throw, under that
// condition for the rest of the function (break and continue: for the
// rest of the loop). A callee's sinks run under its call's conditions.
// Every such condition that reads a source is a guard flow of a Guard
// sink. SinkUse.Conditional is true when any condition (tainted or not)
// is around the call; a catch block and a function passed to another
// call count as conditional, a try block does not.
//
// What it does not follow (left out, never guessed):
//   - anything across scripts: app_metadata written by one Action and
//     read by the next is the caller's to link;
//   - properties of local objects written through an alias of the object
//     (const o = {}; const p = o; p.x = md.x; o.x), this and class
//     instances, getters and setters, prototypes, eval and Function;
//   - the values of calls it does not follow beyond taint: a value
//     checked against an allow-list, a regular expression or a
//     comparison still flows (the caller decides what a flow means);
//   - a member chosen by a computed key that is not a constant on an
//     object holding no taint (event.user[field]); a source's parent
//     used whole (event.user passed to a call or a claim) is not a use of
//     the source;
//   - the condition of an early exit in the values assigned after it
//     (only sinks depend on it);
//   - exceptions as values (a catch parameter holds nothing), generators'
//     yields, labelled break and continue (they act as a plain break);
//   - past a work budget proportional to the script's size (reached only
//     by scripts built to blow the analysis up), calls of local helpers
//     are treated as unknown calls and loops run once; Analysis.Truncated
//     says so.
//
// Names reported are dotted names: a literal key is a segment
// (context.idToken['https://x/roles'] is "context.idToken.https://x/roles"),
// a computed one is written as in the source ("context.idToken[ns + k]").
// A value written back where it was read (user.app_metadata =
// user.app_metadata || {}) is no flow. Source prefixes match whole
// segments: event.user.user_metadata_backup is not user_metadata.
package jsflow
