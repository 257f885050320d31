/**
 * Handler that will be called during the execution of a PostLogin flow.
 * Adds the default scopes, the scopes of the user's roles, and the scopes
 * the user asked for when signing up (kept in user_metadata by the signup
 * form).
 *
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
const NAMESPACE = "https://api.example.com";
const DEFAULT_SCOPES = ["read:profile", "read:documents"];
const ROLE_SCOPES = {
  Admin: ["admin:write", "admin:read"],
  Editor: ["write:documents"],
};

function requestedScopes(user) {
  const raw = user.user_metadata?.requested_scopes ?? "";
  return raw
    .split(/[ ,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function scopesOfRoles(roles) {
  const out = new Set();
  for (const role of roles) {
    for (const scope of ROLE_SCOPES[role] || []) {
      out.add(scope);
    }
  }
  return [...out];
}

exports.onExecutePostLogin = async (event, api) => {
  const roles = event.authorization?.roles ?? [];
  for (const scope of DEFAULT_SCOPES) {
    api.accessToken.addScope(scope);
  }
  for (const scope of scopesOfRoles(roles)) {
    api.accessToken.addScope(scope);
  }
  if (roles.includes("Admin")) {
    api.accessToken.addScope("admin:audit");
  }

  const { beta_features: beta = false, plan } = event.user.user_metadata || {};
  if (beta === true || beta === "true") {
    api.accessToken.addScope("beta:access");
  }
  for (const scope of requestedScopes(event.user)) {
    api.accessToken.addScope(scope);
  }
  api.accessToken.setCustomClaim(`${NAMESPACE}/plan`, plan ?? event.user.app_metadata?.plan ?? "free");
  api.accessToken.setCustomClaim(`${NAMESPACE}/roles`, roles);
};
