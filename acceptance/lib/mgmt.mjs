// Tiny Management API client (Auth0 request/response shapes) used to set up fixtures,
// and a factory for the real node-auth0 v7 ManagementClient.
import crypto from 'node:crypto';
import { ManagementClient } from 'auth0';

export class MgmtError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} -> ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

/** Unique suffix for fixture names/emails so repeated runs against one tenant don't collide. */
export const uniq = () => `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;

/**
 * The real `auth0` npm package (v7) ManagementClient for `server`. It forces
 * https://{domain}/api/v2 and uses Node's fetch, which trusts the dev certificate through
 * NODE_EXTRA_CA_CERTS (scripts/acceptance.sh); otherwise the server's own trusting fetch
 * (lib/http.mjs) is handed to it through its `fetch` option.
 */
export function managementClient(server) {
  const { clientId, clientSecret, audience } = server.mgmt;
  return new ManagementClient({
    domain: server.domain,
    clientId,
    clientSecret,
    audience,
    ...(server.fetch !== globalThis.fetch ? { fetch: server.fetch } : {}),
  });
}

export class Mgmt {
  /** @param server what useServer()/startServer() return */
  constructor(server) {
    this.server = server;
    this.base = server.origin;
    this.fetch = server.fetch;
    this.token = null;
    this.tokenExpiresAt = 0;
  }

  async accessToken() {
    if (this.token && Date.now() < this.tokenExpiresAt - 30000) return this.token;
    const { clientId, clientSecret, audience } = this.server.mgmt;
    const res = await this.fetch(`${this.base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience }),
    });
    const body = await readBody(res);
    if (res.status !== 200 || typeof body?.access_token !== 'string') throw new MgmtError('POST', '/oauth/token (client_credentials)', res.status, body);
    this.token = body.access_token;
    this.tokenExpiresAt = Date.now() + (Number(body.expires_in) || 60) * 1000;
    return this.token;
  }

  /** Calls the Management API; throws MgmtError unless the status is one of `expect`. */
  async call(method, path, body, { expect = [200, 201, 204] } = {}) {
    const token = await this.accessToken();
    const res = await this.fetch(`${this.base}/api/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const parsed = await readBody(res);
    if (!expect.includes(res.status)) throw new MgmtError(method, path, res.status, parsed);
    return parsed;
  }

  /** Single-page application: public client, PKCE, rotating refresh tokens. */
  createSpaClient({ name = `acceptance-spa-${uniq()}`, origin, callbacks, logoutUrls, webOrigins, ...extra }) {
    const root = `${origin}/`;
    return this.call('POST', '/clients', {
      name,
      app_type: 'spa',
      callbacks: callbacks || [root],
      allowed_logout_urls: logoutUrls || [root],
      web_origins: webOrigins || [origin],
      allowed_origins: webOrigins || [origin],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
      refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring' },
      ...extra,
    });
  }

  /** Regular web application with a client secret (client_secret_post). */
  createWebClient({ name = `acceptance-web-${uniq()}`, callbacks, logoutUrls = [], ...extra }) {
    return this.call('POST', '/clients', {
      name,
      app_type: 'regular_web',
      callbacks,
      allowed_logout_urls: logoutUrls,
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_post',
      ...extra,
    });
  }

  createUser({ email, password, name, connection = 'Username-Password-Authentication', ...extra }) {
    return this.call('POST', '/users', { connection, email, password, ...(name ? { name } : {}), ...extra });
  }

  createResourceServer({ identifier, name = identifier, scopes = [], enforcePolicies = false, tokenDialect = 'access_token', ...extra }) {
    return this.call('POST', '/resource-servers', {
      identifier,
      name,
      scopes: scopes.map((s) => (typeof s === 'string' ? { value: s, description: s } : s)),
      enforce_policies: enforcePolicies,
      token_dialect: tokenDialect,
      ...extra,
    });
  }

  createRole({ name, description }) {
    return this.call('POST', '/roles', { name, ...(description ? { description } : {}) });
  }

  assignUsersToRole(roleId, userIds) {
    return this.call('POST', `/roles/${encodeURIComponent(roleId)}/users`, { users: userIds });
  }

  /** GET /logs?q=... (Lucene-style, e.g. `type:gd_enrollment_complete AND user_id:"auth0|..."`). */
  logs(q) {
    return this.call('GET', `/logs?q=${encodeURIComponent(q)}`);
  }

  unblockUser(userId) {
    return this.call('DELETE', `/user-blocks/${encodeURIComponent(userId)}`);
  }
}

async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
