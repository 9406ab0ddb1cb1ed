// The template gallery: starting points for common post-login customizations. Templates are teaching
// code: read them, then adapt names, domains and URLs.

export interface ActionTemplate {
  id: string;
  name: string;
  summary: string;
  trigger: { id: string; version: string };
  code: string;
  /** Secrets the code reads; the editor's Secrets panel asks for them. */
  secrets?: string[];
}

export const TEMPLATES: ActionTemplate[] = [
  {
    id: "mfa-for-role",
    name: "MFA for a role",
    summary: "Require multi-factor authentication when the user has the Admin role.",
    trigger: { id: "post-login", version: "v3" },
    code: `/**
 * Require MFA for users with the Admin role.
 *
 * @param {Event} event
 * @param {PostLoginAPI} api
 */
exports.onExecutePostLogin = async (event, api) => {
  if (event.authorization && event.authorization.roles.includes("Admin")) {
    api.multifactor.enable("any");
  }
};
`,
  },
  {
    id: "roles-in-tokens",
    name: "Add roles to tokens",
    summary: "Put the user's role names into the ID and access tokens under a namespaced claim.",
    trigger: { id: "post-login", version: "v3" },
    code: `/**
 * Add the user's roles to the ID token and the access token.
 * Custom claims should be namespaced with a URL you control.
 *
 * @param {Event} event
 * @param {PostLoginAPI} api
 */
exports.onExecutePostLogin = async (event, api) => {
  const namespace = "https://example.com";
  const roles = event.authorization ? event.authorization.roles : [];
  api.idToken.setCustomClaim(\`\${namespace}/roles\`, roles);
  api.accessToken.setCustomClaim(\`\${namespace}/roles\`, roles);
};
`,
  },
  {
    id: "deny-email-domain",
    name: "Deny by email domain",
    summary: "Only let users with an email address of an allowed domain sign in.",
    trigger: { id: "post-login", version: "v3" },
    code: `/**
 * Deny the login unless the user's email belongs to an allowed domain.
 *
 * @param {Event} event
 * @param {PostLoginAPI} api
 */
exports.onExecutePostLogin = async (event, api) => {
  const allowedDomains = ["example.com"];
  const email = event.user.email || "";
  const domain = email.split("@").pop().toLowerCase();
  if (!event.user.email_verified || !allowedDomains.includes(domain)) {
    api.access.deny("Access is restricted to members of the organization.");
  }
};
`,
  },
  {
    id: "terms-redirect",
    name: "Redirect to a terms page",
    summary: "Send users who have not accepted the terms to your page, then continue the login.",
    trigger: { id: "post-login", version: "v3" },
    secrets: ["TERMS_TOKEN_SECRET"],
    code: `/**
 * Send users who have not accepted the current terms to a page of yours. That page redirects back to
 * https://YOUR_DOMAIN/continue?state=...&session_token=... once the user has accepted.
 *
 * @param {Event} event
 * @param {PostLoginAPI} api
 */
const TERMS_VERSION = "2025-01";
const TERMS_URL = "https://example.com/terms";

exports.onExecutePostLogin = async (event, api) => {
  if (event.user.app_metadata.terms_accepted === TERMS_VERSION) return;
  const token = api.redirect.encodeToken({
    secret: event.secrets.TERMS_TOKEN_SECRET,
    expiresInSeconds: 600,
    payload: { email: event.user.email, terms_version: TERMS_VERSION },
  });
  api.redirect.sendUserTo(TERMS_URL, { query: { session_token: token } });
};

/**
 * Runs when the browser comes back to /continue.
 *
 * @param {Event} event
 * @param {PostLoginAPI} api
 */
exports.onContinuePostLogin = async (event, api) => {
  const payload = api.redirect.validateToken({
    secret: event.secrets.TERMS_TOKEN_SECRET,
    tokenParameterName: "session_token",
  });
  if (payload.accepted !== true) {
    api.access.deny("The terms of service must be accepted.");
    return;
  }
  api.user.setAppMetadata("terms_accepted", TERMS_VERSION);
};
`,
  },
  {
    id: "enrich-http",
    name: "Enrich from an HTTP API",
    summary: "Look the user up in your own API and add what it returns to the tokens and app_metadata.",
    trigger: { id: "post-login", version: "v3" },
    secrets: ["PROFILE_API_KEY"],
    code: `/**
 * Fetch extra profile data from an HTTP API and add it to the tokens.
 * Keep external calls short: the whole flow has a time budget.
 *
 * @param {Event} event
 * @param {PostLoginAPI} api
 */
exports.onExecutePostLogin = async (event, api) => {
  const url = "https://profiles.example.com/v1/users/" + encodeURIComponent(event.user.user_id);
  try {
    const response = await fetch(url, {
      headers: { Authorization: "Bearer " + event.secrets.PROFILE_API_KEY },
      signal: AbortSignal.timeout(3000),
    });
    if (!response.ok) {
      console.log("profile lookup failed with status", response.status);
      return;
    }
    const profile = await response.json();
    api.user.setAppMetadata("plan", profile.plan);
    api.idToken.setCustomClaim("https://example.com/plan", profile.plan);
    api.accessToken.setCustomClaim("https://example.com/plan", profile.plan);
  } catch (err) {
    // Do not block the login when the profile service is down.
    console.log("profile lookup error:", err.message);
  }
};
`,
  },
];

export function findTemplate(id: string | null): ActionTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
