package jsflow

// flowCase is a script and every flow expected in it, each written as
// "[G ]source.name L:C > sink.name L:C[ via L:C,L:C]" (G: a guard flow).
type flowCase struct {
	name  string
	spec  Spec
	src   string
	flows []string
	// calls, when set, are the expected Calls as "name L:C [cond] [k=v...]".
	calls []string
}

var flowCases = []flowCase{
	// ---- scope from user_metadata
	{
		name: "direct",
		src: `exports.onExecutePostLogin = async (event, api) => {
  api.accessToken.addScope(event.user.user_metadata.requested_scope);
};`,
		flows: []string{
			"event.user.user_metadata.requested_scope 2:28 > api.accessToken.addScope 2:3",
		},
	},
	{
		name: "aliased",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const md = event.user.user_metadata;
  const scope = md.requested_scope;
  api.accessToken.addScope(scope);
};`,
		flows: []string{
			"event.user.user_metadata.requested_scope 2:14 > api.accessToken.addScope 4:3 via 2:9,3:9",
		},
	},
	{
		name: "destructured nested, renamed, defaults, rest",
		src: `exports.onExecutePostLogin = async ({ user }, api) => {
  const { user_metadata: { scopes: requested = [], ...rest } = {} } = user;
  for (const s of requested) {
    api.accessToken.addScope(s);
  }
  api.idToken.setCustomClaim('https://x/extra', rest);
};`,
		flows: []string{
			"event.user.user_metadata.scopes 2:11 > api.accessToken.addScope 4:5 via 2:36,3:14",
			"G event.user.user_metadata.scopes 2:11 > api.accessToken.addScope 4:5 via 2:36,3:19",
			"event.user.user_metadata 2:11 > api.idToken.setCustomClaim 6:3 via 2:55",
		},
	},
	{
		name: "through a helper",
		src: `function requestedScopes(user) {
  const raw = user.user_metadata.scopes || '';
  return raw.split(',').map((s) => s.trim());
}
exports.onExecutePostLogin = async (event, api) => {
  const scopes = requestedScopes(event.user);
  scopes.forEach((scope) => api.accessToken.addScope(scope));
};`,
		flows: []string{
			"event.user.user_metadata.scopes 2:15 > api.accessToken.addScope 7:29 via 2:9,3:3,6:9,7:19",
			"G event.user.user_metadata.scopes 2:15 > api.accessToken.addScope 7:29 via 2:9,3:3,6:9,7:3",
		},
	},
	{
		name: "through a ternary",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const wantsAdmin = event.user.user_metadata.admin === true;
  api.accessToken.addScope(wantsAdmin ? 'admin:write' : 'read:profile');
};`,
		flows: []string{
			"event.user.user_metadata.admin 2:22 > api.accessToken.addScope 3:3 via 2:9",
		},
	},
	{
		name: "bracket access with literal keys",
		src: `exports.onExecutePostLogin = async (event, api) => {
  api.accessToken.addScope(event.user['user_metadata']["scope"]);
};`,
		flows: []string{
			"event.user.user_metadata.scope 2:28 > api.accessToken.addScope 2:3",
		},
	},
	{
		name: "bracket access with a computed key",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const md = event.user.user_metadata;
  for (const key of Object.keys(md)) {
    if (key.startsWith('scope_')) api.accessToken.addScope(md[key]);
  }
};`,
		flows: []string{
			"event.user.user_metadata 2:14 > api.accessToken.addScope 4:35 via 2:9",
			"G event.user.user_metadata 2:14 > api.accessToken.addScope 4:35 via 2:9,3:21",
		},
	},
	{
		name: "template literal",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const tier = event.user.user_metadata.tier;
  api.accessToken.addScope(` + "`${tier}:read`" + `);
};`,
		flows: []string{
			"event.user.user_metadata.tier 2:16 > api.accessToken.addScope 3:3 via 2:9",
		},
	},

	// ---- guards
	{
		name: "constant scope guarded by app_metadata.role",
		src: `exports.onExecutePostLogin = async (event, api) => {
  if (event.user.app_metadata.role === 'admin') {
    api.accessToken.addScope('admin:all');
  }
  api.accessToken.addScope('read:profile');
};`,
		calls: []string{"api.accessToken.addScope 3:5 cond 0=admin:all", "api.accessToken.addScope 5:3 0=read:profile"},
		flows: []string{
			"G event.user.app_metadata.role 2:7 > api.accessToken.addScope 3:5 via 2:7",
		},
	},
	{
		name: "MFA skipped by an early return",
		src: `exports.onExecutePostLogin = async (event, api) => {
  if (event.request.query.skip_mfa === 'true') {
    console.log('skipping MFA');
    return;
  }
  api.multifactor.enable('any', { allowRememberBrowser: false });
};`,
		calls: []string{"api.multifactor.enable 6:3 cond 0=any"},
		flows: []string{
			"G event.request.query.skip_mfa 2:7 > api.multifactor.enable 6:3 via 2:7",
		},
	},
	{
		name: "early return in a nested block and an else",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const q = event.request.query;
  if (event.client.name === 'legacy') {
    if (q.mode === 'fast') {
      throw new Error('no');
    }
  } else {
    api.access.deny('x');
  }
  api.multifactor.enable('any');
};`,
		flows: []string{
			"G event.request.query.mode 2:13 > api.multifactor.enable 10:3 via 2:9,4:9",
		},
	},
	{
		name: "switch on a source",
		src: `exports.onExecutePostLogin = async (event, api) => {
  switch (event.user.user_metadata.plan) {
    case 'pro':
      api.accessToken.addScope('pro:features');
      break;
    default:
      break;
  }
  api.accessToken.addScope('read:profile');
};`,
		flows: []string{
			"G event.user.user_metadata.plan 2:11 > api.accessToken.addScope 4:7 via 2:11",
		},
	},
	{
		name: "guard through && and a variable",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const verified = event.user.email_verified;
  verified && api.accessToken.addScope('write:docs');
  const isAdmin = event.user.app_metadata?.roles?.includes('admin') ?? false;
  isAdmin ? api.accessToken.addScope('admin:all') : null;
};`,
		flows: []string{
			"G event.user.email_verified 2:20 > api.accessToken.addScope 3:15 via 2:9,3:3",
			"G event.user.app_metadata.roles 4:19 > api.accessToken.addScope 5:13 via 4:9,5:3",
		},
	},
	// ---- writes
	{
		name: "setAppMetadata from user_metadata",
		src: `exports.onExecutePostLogin = async (event, api) => {
  api.user.setAppMetadata('role', event.user.user_metadata.role);
};`,
		calls: []string{"api.user.setAppMetadata 2:3 0=role"},
		flows: []string{
			"event.user.user_metadata.role 2:35 > api.user.setAppMetadata 2:3",
		},
	},
	{
		name: "sink in a helper called twice",
		src: `function grant(api, scope) {
  api.accessToken.addScope(scope);
}
exports.onExecutePostLogin = async (event, api) => {
  grant(api, event.user.user_metadata.scope);
  grant(api, 'read:profile');
};`,
		calls: []string{"api.accessToken.addScope 2:3", "api.accessToken.addScope 2:3 0=read:profile"},
		flows: []string{
			"event.user.user_metadata.scope 5:14 > api.accessToken.addScope 2:3 via 1:21",
		},
	},
	// ---- Rules
	{
		name: "Rule: scope concatenated from user_metadata",
		spec: testRuleSpec,
		src: `function (user, context, callback) {
  const requested = user.user_metadata.scopes || [];
  context.accessToken.scope = ['openid', 'profile'].concat(requested).join(' ');
  callback(null, user, context);
}`,
		flows: []string{
			"user.user_metadata.scopes 2:21 > context.accessToken.scope 3:3 via 2:9",
		},
	},
	{
		name: "Rule: id token claim from app_metadata",
		spec: testRuleSpec,
		src: `function (user, context, callback) {
  const namespace = 'https://x/';
  context.idToken[namespace + 'roles'] = user.app_metadata.roles;
  context.idToken['https://x/static'] = 'yes';
  callback(null, user, context);
}`,
		calls: []string{"context.idToken.https://x/roles 3:3", "context.idToken.https://x/static 4:3 0=yes"},
		flows: []string{
			"user.app_metadata.roles 3:42 > context.idToken.https://x/roles 3:3",
		},
	},
	{
		name: "Rule: MFA skipped on user_metadata and app_metadata written",
		spec: testRuleSpec,
		src: `function rule(u, ctx, cb) {
  u.app_metadata = u.app_metadata || {};
  u.app_metadata.plan = u.user_metadata.plan;
  if (u.user_metadata.trusted_device) {
    return cb(null, u, ctx);
  }
  ctx.multifactor = { provider: 'any', allowRememberBrowser: false };
  cb(null, u, ctx);
}`,
		flows: []string{
			"user.user_metadata.plan 3:25 > user.app_metadata.plan 3:3",
			"G user.user_metadata.trusted_device 4:7 > context.multifactor 7:3 via 4:7",
		},
	},
	// ---- negatives
	{
		name: "metadata read but only logged",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const md = event.user.user_metadata;
  console.log('login', md.language, JSON.stringify(md));
  api.accessToken.addScope('read:profile');
};`,
		calls: []string{"api.accessToken.addScope 4:3 0=read:profile"},
	},
	{
		name: "tainted variable overwritten with a constant",
		src: `exports.onExecutePostLogin = async (event, api) => {
  let scope = event.user.user_metadata.scope;
  scope = 'read:profile';
  api.accessToken.addScope(scope);
};`,
		calls: []string{"api.accessToken.addScope 4:3 0=read:profile"},
	},
	{
		name: "constant scope under an untainted condition",
		src: `exports.onExecutePostLogin = async (event, api) => {
  if (event.authorization.roles.includes('Admin')) {
    api.accessToken.addScope('admin:all');
  }
};`,
		calls: []string{"api.accessToken.addScope 3:5 cond 0=admin:all"},
	},
	{
		name: "a name that only looks like a source",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const backup = event.user.user_metadata_backup;
  api.accessToken.addScope(backup.scope);
  api.idToken.setCustomClaim('https://x/app', event.user.app_metadatas);
};`,
	},
	{
		name: "object literal member not tainted",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const claims = { ...{ a: 1 }, role: event.user.user_metadata.role, plan: 'free' };
  api.idToken.setCustomClaim('https://x/plan', claims.plan);
  api.idToken.setCustomClaim('https://x/claims', claims);
};`,
		flows: []string{
			"event.user.user_metadata.role 2:39 > api.idToken.setCustomClaim 4:3 via 2:9",
		},
	},
	// ---- more of the language
	{
		name: "compound assignment and a reassignment in a branch",
		src: `exports.onExecutePostLogin = async (event, api) => {
  let scope = 'read:';
  scope += event.user.user_metadata.tier;
  api.accessToken.addScope(scope);
  let other = 'read:profile';
  if (event.client.name === 'x') {
    other = event.request.body.scope;
  }
  api.accessToken.addScope(other);
  let fixed = event.request.body.scope;
  if (event.client.name === 'y') {
    fixed = 'a';
  } else {
    fixed = 'b';
  }
  api.accessToken.addScope(fixed);
};`,
		flows: []string{
			"event.user.user_metadata.tier 3:12 > api.accessToken.addScope 4:3 via 3:3",
			"event.request.body.scope 7:13 > api.accessToken.addScope 9:3 via 7:5",
		},
	},
	{
		name: "closure reads an outer variable",
		src: `exports.onExecutePostLogin = async (event, api) => {
  let md;
  const grant = () => api.accessToken.addScope(md.scope);
  md = event.user.user_metadata;
  grant();
};`,
		flows: []string{
			"event.user.user_metadata.scope 4:8 > api.accessToken.addScope 3:23 via 4:3",
		},
	},
	{
		name: "try, JSON.parse, optional chaining and ??",
		src: `exports.onExecutePostLogin = async (event, api) => {
  try {
    const prefs = JSON.parse(event.user.user_metadata?.prefs ?? '{}');
    api.idToken.setCustomClaim('https://x/theme', prefs.theme);
  } catch (err) {
    api.access.deny('bad prefs');
  }
  api.accessToken.addScope(event?.user?.["user_metadata"]?.extra ?? 'read');
};`,
		flows: []string{
			"event.user.user_metadata.prefs 3:30 > api.idToken.setCustomClaim 4:5 via 3:11",
			"event.user.user_metadata.extra 8:28 > api.accessToken.addScope 8:3",
		},
	},
	{
		name: "array destructuring, destructuring assignment, destructured parameter",
		src: `const pick = ({ scope }) => scope;
exports.onExecutePostLogin = async (event, api) => {
  const [first, , third = 'x'] = event.user.user_metadata.scopes.split(' ');
  api.accessToken.addScope(first);
  let a;
  ({ a } = event.request.query);
  api.accessToken.addScope(a);
  api.accessToken.addScope(pick(event.user.user_metadata));
};`,
		flows: []string{
			"event.user.user_metadata.scopes 3:34 > api.accessToken.addScope 4:3 via 3:10",
			"event.request.query.a 6:12 > api.accessToken.addScope 7:3 via 6:6",
			"event.user.user_metadata.scope 8:33 > api.accessToken.addScope 8:3 via 1:17,1:29",
		},
	},
	{
		name: "bounded recursion",
		src: `function deep(x, n) {
  return n > 0 ? deep(x, n - 1) : x;
}
exports.onExecutePostLogin = async (event, api) => {
  api.accessToken.addScope(deep(event.user.user_metadata.s, 10));
};`,
		flows: []string{
			"event.user.user_metadata.s 5:33 > api.accessToken.addScope 5:3 via 1:15,2:3",
		},
	},
	{
		name: "renamed parameters and an entry by name",
		src: `async function handler(e, a) {
  a.accessToken.addScope(e.user.user_metadata.s);
}
exports.onExecutePostLogin = handler;`,
		flows: []string{
			"event.user.user_metadata.s 2:26 > api.accessToken.addScope 2:3",
		},
	},
	{
		name: "Hook: module.exports with renamed parameters",
		spec: Spec{
			Params:  []string{"client", "scope", "audience", "context", "cb"},
			Sources: []Source{{Prefix: "scope", Label: "requested scope"}, {Prefix: "context.body", Label: "request body"}},
			Sinks:   []Sink{{Callee: "cb", Label: "token", Args: []int{1}}},
		},
		src: `module.exports = function (c, requested, aud, ctx, callback) {
  const access_token = {};
  access_token.scope = requested;
  access_token.extra = ctx.body.extra;
  callback(null, access_token);
};`,
		flows: []string{
			"scope 3:24 > cb 5:3 via 3:3",
			"context.body.extra 4:24 > cb 5:3 via 4:3",
		},
	},
	{
		name: "list filled then iterated, a sink passed as a callback",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const list = [];
  list.push(event.user.user_metadata.extra);
  for (let i = 0; i < list.length; i++) {
    api.accessToken.addScope(list[i]);
  }
  const allowed = ['a', 'b'];
  allowed.includes(event.user.user_metadata.y);
  allowed.forEach(api.accessToken.addScope);
  event.user.user_metadata.more.forEach(api.accessToken.addScope);
};`,
		flows: []string{
			"event.user.user_metadata.extra 3:13 > api.accessToken.addScope 5:5 via 3:3",
			"G event.user.user_metadata.extra 3:13 > api.accessToken.addScope 5:5 via 3:3,4:19",
			"event.user.user_metadata.more 10:3 > api.accessToken.addScope 10:41",
		},
	},
	{
		name: "a constant object indexed by a source",
		src: `const SCOPES = { admin: 'admin:all', user: 'read:profile' };
exports.onExecutePostLogin = async (event, api) => {
  api.accessToken.addScope(SCOPES[event.user.user_metadata.role]);
  api.accessToken.addScope(SCOPES.user);
};`,
		calls: []string{"api.accessToken.addScope 3:3", "api.accessToken.addScope 4:3 0=read:profile"},
		flows: []string{
			"event.user.user_metadata.role 3:35 > api.accessToken.addScope 3:3",
		},
	},
	{
		name: "shadowed names",
		src: `exports.onExecutePostLogin = async (event, api) => {
  const md = event.user.user_metadata;
  {
    const md = { scope: 'read:profile' };
    api.accessToken.addScope(md.scope);
  }
  [1].forEach((md) => api.accessToken.addScope(md));
  api.idToken.setCustomClaim('https://x/lang', md.language);
};`,
		flows: []string{
			"event.user.user_metadata.language 2:14 > api.idToken.setCustomClaim 8:3 via 2:9",
		},
	},
	{
		name: "Rule: Object.assign into the id token, for-in and while",
		spec: testRuleSpec,
		src: `function (user, context, callback) {
  Object.assign(context.idToken, { 'https://x/md': user.user_metadata });
  for (var k in user.app_metadata) {
    context.accessToken['https://x/' + k] = true;
  }
  var n = 0;
  while (n < user.user_metadata.n) {
    context.multifactor = { provider: 'any' };
    n++;
  }
  callback(null, user, context);
}`,
		flows: []string{
			"user.user_metadata 2:52 > context.idToken 2:3",
			"user.app_metadata 3:17 > context.accessToken['https://x/' + k] 4:5 via 3:12",
			"G user.user_metadata.n 7:14 > context.multifactor 8:5 via 7:10",
		},
	},
	{
		name: "a handler chosen by a source",
		src: `const handlers = {
  admin: (api) => api.accessToken.addScope('admin:all'),
  user: (api) => api.accessToken.addScope('read:profile'),
};
exports.onExecutePostLogin = async (event, api) => {
  handlers[event.user.user_metadata.kind](api);
};`,
		calls: []string{"api.accessToken.addScope 2:19 cond 0=admin:all", "api.accessToken.addScope 3:18 cond 0=read:profile"},
		flows: []string{
			"G event.user.user_metadata.kind 6:12 > api.accessToken.addScope 2:19 via 6:12",
			"G event.user.user_metadata.kind 6:12 > api.accessToken.addScope 3:18 via 6:12",
		},
	},
}
