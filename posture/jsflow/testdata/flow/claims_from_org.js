/**
 * Adds the organization and the user's roles to the tokens; reads the
 * user's preferred language for the ID token only.
 */
const NS = "https://myapp.example.com/";

const claimName = (name) => `${NS}${name}`;

exports.onExecutePostLogin = async (event, api) => {
  const roles = event.authorization?.roles || [];
  api.accessToken.setCustomClaim(claimName("roles"), roles);
  api.idToken.setCustomClaim(claimName("roles"), roles);

  if (event.organization) {
    const { id, name, metadata = {} } = event.organization;
    api.accessToken.setCustomClaim(claimName("org"), { id, name, tier: metadata.tier || "standard" });
  }

  const lang = event.user.user_metadata?.language;
  if (typeof lang === "string" && /^[a-z]{2}(-[A-Z]{2})?$/.test(lang)) {
    api.idToken.setCustomClaim(claimName("locale"), lang);
  }

  let department = event.user.app_metadata?.department;
  department = department ? String(department) : "none";
  api.accessToken.setCustomClaim(claimName("department"), department);

  const audit = { user: event.user.user_id, at: Date.now(), metadata: event.user.user_metadata };
  console.log(JSON.stringify(audit));

  if (roles.includes("Support")) {
    api.accessToken.addScope("read:tickets");
    api.accessToken.addScope("write:tickets");
  }
};
