/**
 * riskgate: risk-based authentication for Auth0 (post-login Action).
 *
 * Asks a riskgate service (examples/riskgate in authlens) whether this
 * login is allowed, needs MFA, or is denied, from the user's SecZetta risk
 * score (and Auth0's own Adaptive MFA risk assessment when the tenant has
 * it), then:
 *
 *   allow -> sets the risk claim and lets the login through
 *   mfa   -> sets the risk claim and requires MFA: api.multifactor.enable('any')
 *   deny  -> api.access.deny(message), e.g.
 *            "A 8.25 Risk score is too high. Maximum acceptable risk is 7.5"
 *
 * The claim (default name https://seczetta.com/risk, chosen by riskgate) is
 * set on the ID and access tokens on the allow and MFA paths alike: the
 * answer's "claims" on the ID token, its "access_token_claims" on the access
 * token (the same object by default; the score alone as a number when
 * riskgate runs with ACCESS_TOKEN_CLAIM=score, the shape SecZetta's own
 * Action used, for APIs that read it).
 *
 * Secrets (Actions > this Action > Secrets):
 *   RISKGATE_URL           e.g. https://riskgate.internal.example.com, or
 *                          with a path prefix behind a gateway, e.g.
 *                          https://gw.example.com/riskgate (the Action calls
 *                          RISKGATE_URL + /v1/decisions)
 *   RISKGATE_TOKEN         the bearer token riskgate was started with
 *   AUTHENTICATE_ON_ERROR  "Yes" (or "true", "1") to let logins through when
 *                          riskgate cannot be reached or answers with an
 *                          error; anything else (the default, "No") denies
 *                          them. riskgate applies its own
 *                          AUTHENTICATE_ON_ERROR to SecZetta failures.
 *
 * Add MFA factors to the tenant before deploying: a login that needs MFA
 * with no factor available cannot complete.
 */

const TIMEOUT_MS = 5000;
const ERROR_MESSAGE = 'Risk could not be assessed';

exports.onExecutePostLogin = async (event, api) => {
  const secrets = event.secrets || {};
  const authenticateOnError = ['yes', 'true', '1'].includes(String(secrets.AUTHENTICATE_ON_ERROR || '').trim().toLowerCase());

  let result;
  try {
    result = await askRiskgate(event, secrets);
  } catch (err) {
    // Never log the token or the user's details; the cause is enough.
    console.log(`riskgate: ${err && err.message ? err.message : 'error'}; authenticate on error: ${authenticateOnError}`);
    if (!authenticateOnError) {
      api.access.deny(ERROR_MESSAGE);
    }
    return;
  }

  setClaims(api.idToken, result.claims);
  setClaims(api.accessToken, result.access_token_claims !== undefined ? result.access_token_claims : result.claims);

  switch (result.outcome) {
    case 'allow':
      return;
    case 'mfa':
      api.multifactor.enable('any');
      return;
    case 'deny':
      api.access.deny(typeof result.message === 'string' && result.message !== '' ? result.message : 'Access denied');
      return;
    default:
      // An answer this Action does not understand is not a permission.
      if (!authenticateOnError) {
        api.access.deny(ERROR_MESSAGE);
      }
  }
};

async function askRiskgate(event, secrets) {
  if (!secrets.RISKGATE_URL || !secrets.RISKGATE_TOKEN) {
    throw new Error('RISKGATE_URL and RISKGATE_TOKEN secrets are required');
  }
  const user = event.user || {};
  const body = {
    user_id: user.user_id || '',
    username: user.username || '',
    email: user.email || '',
  };
  const assessment = event.authentication && event.authentication.riskAssessment;
  if (assessment) {
    body.risk_assessment = assessment;
  }

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let res;
  try {
    res = await fetch(decisionsURL(secrets.RISKGATE_URL), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${secrets.RISKGATE_TOKEN}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    throw new Error(`riskgate answered HTTP ${res.status}`);
  }
  const result = await res.json();
  if (!result || typeof result.outcome !== 'string') {
    throw new Error('riskgate answered without an outcome');
  }
  return result;
}

// decisionsURL appends /v1/decisions to RISKGATE_URL, keeping any path
// prefix (new URL('/v1/decisions', base) would drop it): both
// https://gw.example.com/riskgate and https://gw.example.com/riskgate/ give
// https://gw.example.com/riskgate/v1/decisions.
function decisionsURL(base) {
  const url = new URL(String(base).trim()); // throws on a relative or invalid URL
  url.pathname = url.pathname.replace(/\/+$/, '') + '/v1/decisions';
  return url.toString();
}

function setClaims(token, claims) {
  if (!claims || typeof claims !== 'object') {
    return;
  }
  for (const [name, value] of Object.entries(claims)) {
    token.setCustomClaim(name, value);
  }
}
