/**
 * Handler that will be called during the execution of a PostLogin flow.
 * Looks the user's risk score up and asks for MFA or denies access.
 *
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
const axios = require("axios");
const { URLSearchParams } = require("url");

const RISK_NAMESPACE = "https://example.com/risk";
const DEFAULT_TIMEOUT_MS = 5000;

async function fetchProfile(event, attributeId) {
  const params = new URLSearchParams({ attributeId, value: event.user.email });
  const res = await axios.get(`https://${event.secrets.SECZETTA_HOST}/api/advanced_search/run?${params}`, {
    headers: { Authorization: `Token token=${event.secrets.SECZETTA_API_KEY}`, Accept: "application/json" },
    timeout: DEFAULT_TIMEOUT_MS,
  });
  const profiles = res.data?.profiles ?? [];
  return profiles.length === 1 ? profiles[0] : null;
}

exports.onExecutePostLogin = async (event, api) => {
  if (event.client.metadata?.skip_risk === "true") {
    return;
  }
  let profile;
  try {
    profile = await fetchProfile(event, event.secrets.ATTRIBUTE_ID);
  } catch (err) {
    console.error(`risk lookup failed for ${event.user.user_id}: ${err.message}`);
    if (event.secrets.AUTHENTICATE_ON_ERROR === "true") {
      return;
    }
    return api.access.deny("Risk service unavailable");
  }
  if (!profile) {
    return api.access.deny(`No profile for ${event.user.email}`);
  }
  const score = Number(profile.risk_scores?.overall ?? 0);
  const { allowable = 7.5, maximum = 9 } = JSON.parse(event.secrets.THRESHOLDS || "{}");
  api.idToken.setCustomClaim(`${RISK_NAMESPACE}/score`, score);
  api.accessToken.setCustomClaim(`${RISK_NAMESPACE}/score`, score);
  if (score >= maximum) {
    api.access.deny(`A ${score} risk score is too high. Maximum acceptable risk is ${maximum}`);
  } else if (score > allowable) {
    api.multifactor.enable("any", { allowRememberBrowser: false });
  }
};
