/**
 * Pre user registration: blocks disposable domains, and records the
 * signup country.
 */
const fetch = require("node-fetch");
const DISPOSABLE = new Set(["mailinator.com", "guerrillamail.com", "10minutemail.com"]);

exports.onExecutePreUserRegistration = async (event, api) => {
  const email = (event.user.email || "").toLowerCase();
  const domain = email.split("@")[1] || "";
  if (DISPOSABLE.has(domain)) {
    return api.access.deny("disposable_email", "Please sign up with a permanent email address.");
  }
  const country = event.request.geoip?.countryCode;
  if (country) {
    api.user.setUserMetadata("signup_country", country);
  }
  try {
    const res = await fetch("https://api.example.com/v1/signups", {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": event.secrets.SIGNUP_API_KEY },
      body: JSON.stringify({ email, country, at: new Date().toISOString() }),
    });
    if (!res.ok) {
      console.warn("signup webhook answered", res.status);
    }
  } catch (e) {
    console.warn("signup webhook failed", e && e.message);
  }
};
