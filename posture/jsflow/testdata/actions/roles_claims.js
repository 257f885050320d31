/**
 * Adds the user's roles and organization to the tokens, and keeps a
 * last-seen timestamp in app_metadata.
 */
const NS = "https://myapp.example.com";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Cache {
  #entries = new Map();
  static ttl = 60_000;
  get(key) {
    const e = this.#entries.get(key);
    return e && e.expires > Date.now() ? e.value : undefined;
  }
  set(key, value) {
    this.#entries.set(key, { value, expires: Date.now() + Cache.ttl });
  }
}

const cache = new Cache();

function* chunks(list, size) {
  for (let i = 0; i < list.length; i += size) {
    yield list.slice(i, i + size);
  }
}

exports.onExecutePostLogin = async (event, api) => {
  const roles = event.authorization?.roles ?? [];
  const [primary, ...others] = roles;
  const org = event.organization ? { id: event.organization.id, name: event.organization.name } : null;

  api.idToken.setCustomClaim(`${NS}/roles`, roles);
  api.accessToken.setCustomClaim(`${NS}/roles`, roles);
  if (org) {
    api.idToken.setCustomClaim(`${NS}/org`, { ...org, primaryRole: primary ?? null, others: others.length });
  }

  for (const [i, batch] of [...chunks(roles, 10)].entries()) {
    if (i > 3) break;
    cache.set(`${event.user.user_id}:${i}`, batch.join(","));
  }

  for (const key in event.user.app_metadata || {}) {
    if (key.startsWith("tmp_")) {
      api.user.setAppMetadata(key, undefined);
    }
  }

  switch (event.client.metadata?.tier) {
    case "gold":
      api.accessToken.addScope("read:premium");
      break;
    case "silver":
    default:
      break;
  }

  do {
    await sleep(0);
  } while (false);

  const label = typeof event.user.name === "string" ? event.user.name.trim() : "";
  api.user.setAppMetadata("last_seen", new Date(event.request?.timestamp ?? Date.now()).toISOString());
  api.user.setAppMetadata("display", label || event.user.email);
};

exports.onContinuePostLogin = async (event, api) => {
  const token = event.request.query.session_token;
  if (!token) {
    api.access.deny("missing session token");
    return;
  }
  const payload = api.redirect.validateToken({ secret: event.secrets.SESSION_SECRET, tokenParameterName: "session_token" });
  if (payload.mfa !== true) {
    api.access.deny("step-up failed");
  }
};
