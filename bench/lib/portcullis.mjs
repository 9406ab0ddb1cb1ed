// Portcullis under test: start (pinned), bootstrap Management API credentials with the CLI,
// and provision the benchmark tenant through the Management API (Auth0 shapes).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startPinned, probe, waitReady } from './proc.mjs';
import { Client } from './http.mjs';

export const API_RS = 'https://api.rs256.bench/';
export const API_ES = 'https://api.es256.bench/';
export const REDIRECT = 'https://app.bench/cb';

/** Starts `portcullis serve`; resolves once /readyz answers 200, with the wall time and startup_ms. */
export async function startPortcullis({ bin, core, dataDir, port, hash, databaseUrl, logFile, extraEnv = {} }) {
  const env = {
    PORTCULLIS_PASSWORD_HASH__MEMORY_KIB: String(hash.m),
    PORTCULLIS_PASSWORD_HASH__ITERATIONS: String(hash.t),
    PORTCULLIS_PASSWORD_HASH__PARALLELISM: String(hash.p),
    PORTCULLIS_ACTIONS__ALLOW_PRIVATE_EGRESS: 'true',
    PORTCULLIS_LOG: 'info',
    PORTCULLIS_LOG_FORMAT: 'json',
    ...extraEnv,
  };
  const args = ['serve', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, '--domain', `localhost:${port}`];
  if (databaseUrl) args.push('--database-url', databaseUrl);
  const child = startPinned(core, bin, args, { env, logFile });
  const wallMs = await waitReady(child, async () => (await probe(port, '/readyz', `localhost:${port}`)) === 200);
  return { child, wallMs, startupMs: lastStartupMs(logFile) };
}

function lastStartupMs(logFile) {
  const lines = fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('startup_ms'));
  const l = lines[lines.length - 1];
  if (!l) return NaN;
  try { return JSON.parse(l).fields.startup_ms; } catch { return +(l.match(/startup_ms[=": ]+(\d+)/) || [0, NaN])[1]; }
}

export function bootstrap({ bin, dataDir, port, databaseUrl }) {
  const args = ['tenant', 'bootstrap', '--json', '--data-dir', dataDir, '--domain', `localhost:${port}`];
  if (databaseUrl) args.push('--database-url', databaseUrl);
  const out = execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.split('\n').filter((l) => l.startsWith('{')).pop());
}

/** A small Management API client over the benchmark's own connection pool. */
export class Mgmt {
  constructor(client, boot) { this.client = client; this.boot = boot; this.token = null; }
  async call(method, p, body) {
    if (!this.token) {
      const r = await this.client.request('POST', '/oauth/token', { json: { grant_type: 'client_credentials', client_id: this.boot.client_id, client_secret: this.boot.client_secret, audience: this.boot.management_audience } });
      if (r.status !== 200) throw new Error(`management token: ${r.status} ${r.text}`);
      this.token = JSON.parse(r.text).access_token;
    }
    const r = await this.client.request(method, `/api/v2${p}`, { headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' }, json: body });
    if (r.status >= 300) throw new Error(`${method} /api/v2${p} -> ${r.status}: ${r.text.slice(0, 300)}`);
    return r.text ? JSON.parse(r.text) : null;
  }
}

/** Creates the APIs, clients, grants and the post-login actions (deployed, not bound). */
export async function provision(mgmt, { fetchUrl }) {
  for (const [identifier, alg] of [[API_RS, 'RS256'], [API_ES, 'ES256']]) {
    await mgmt.call('POST', '/resource-servers', { identifier, name: `bench ${alg}`, signing_alg: alg, scopes: [{ value: 'read:data', description: 'read' }], token_lifetime: 86400, allow_offline_access: true });
  }
  const m2m = await mgmt.call('POST', '/clients', { name: 'bench-m2m', app_type: 'non_interactive', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post' });
  for (const audience of [API_RS, API_ES]) await mgmt.call('POST', '/client-grants', { client_id: m2m.client_id, audience, scope: ['read:data'] });
  const web = await mgmt.call('POST', '/clients', { name: 'bench-web', app_type: 'regular_web', is_first_party: true, callbacks: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'client_secret_post' });
  const actions = {};
  for (const [name, code] of Object.entries(actionSources(fetchUrl))) {
    const a = await mgmt.call('POST', '/actions/actions', { name, supported_triggers: [{ id: 'post-login', version: 'v3' }], code, runtime: 'node22' });
    for (let i = 0; i < 100; i++) {
      const s = await mgmt.call('GET', `/actions/actions/${a.id}`);
      if (s.status === 'built') break;
      if (s.status === 'failed') throw new Error(`action ${name} failed to build: ${JSON.stringify(s.errors)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await mgmt.call('POST', `/actions/actions/${a.id}/deploy`);
    actions[name] = { id: a.id, code };
  }
  return { m2m: { id: m2m.client_id, secret: m2m.client_secret }, web: { id: web.client_id, secret: web.client_secret }, actions };
}

export async function createUsers(mgmt, prefix, n, password) {
  for (let i = 0; i < n; i++) {
    await mgmt.call('POST', '/users', { connection: 'Username-Password-Authentication', email: `${prefix}${i}@bench.example`, password, email_verified: true });
  }
}

export async function bindActions(mgmt, actions, names) {
  await mgmt.call('PATCH', '/actions/triggers/post-login/bindings', { bindings: names.map((n) => ({ ref: { type: 'action_id', value: actions[n].id }, display_name: n })) });
}

/** The post-login actions of the benchmark (the same source runs on the peer). */
export function actionSources(fetchUrl) {
  const seed = 'exports.onExecutePostLogin = async (event, api) => { if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any"); };';
  const claims = 'exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("https://bench.example/tier", "gold"); api.accessToken.setCustomClaim("https://bench.example/email", event.user.email); };';
  const fetcher = `exports.onExecutePostLogin = async (event, api) => { const r = await fetch(${JSON.stringify(fetchUrl)} + "?u=" + encodeURIComponent(event.user.user_id)); const j = await r.json(); api.idToken.setCustomClaim("https://bench.example/plan", j.plan); };`;
  return { 'bench-seed': seed, 'bench-claims': claims, 'bench-fetch': fetcher, 'bench-seed-2': seed.replace('"any"', '"any" /* 2 */'), 'bench-claims-2': claims.replace('/tier', '/tier2') };
}

export function portcullisTarget({ port, ca, prov, connections }) {
  return {
    name: 'Portcullis',
    client: new Client(`https://localhost:${port}`, ca, connections),
    authorizePath: '/authorize', tokenPath: '/oauth/token', userinfoPath: '/userinfo', audienceParam: 'audience',
    m2m: prov.m2m, web: prov.web, refreshExtra: {}, userPrefix: { owasp: 'bench', cheap: 'cheap' },
  };
}

export function sqliteFile(dataDir) { return path.join(dataDir, 'portcullis.db'); }
