// The benchmarked operations, written once and run against either server through a small
// "target" description (paths, client credentials, how the API is named in a request).
import crypto from 'node:crypto';
import { Jar, parseForm } from './http.mjs';

export const REDIRECT = 'https://app.bench/cb';
const b64u = (b) => Buffer.from(b).toString('base64url');

function tokenJson(r, what) {
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 160)}`);
  const j = JSON.parse(r.text);
  if (!j.access_token) throw new Error(`${what}: no access_token`);
  return j;
}

/** client_credentials grant for `api` (client_secret_post, like Auth0). */
export async function clientCredentials(t, api) {
  const r = await t.client.request('POST', t.tokenPath, { form: { grant_type: 'client_credentials', client_id: t.m2m.id, client_secret: t.m2m.secret, [t.audienceParam]: api } });
  return tokenJson(r, 'client_credentials');
}

/**
 * A browserless authorization-code + PKCE login with a password: /authorize, the login page,
 * the password POST, every redirect up to the callback (never fetched), then the code at the
 * token endpoint. `timing.pwd` (optional array) receives the password POST's latency.
 */
export async function login(t, { email, password, audience, scope = 'openid profile email', extra = {}, timing }) {
  const verifier = b64u(crypto.randomBytes(32));
  const state = b64u(crypto.randomBytes(12));
  const q = new URLSearchParams({
    client_id: t.web.id, redirect_uri: REDIRECT, response_type: 'code', scope, state, nonce: b64u(crypto.randomBytes(12)),
    code_challenge: b64u(crypto.createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256', ...extra,
  });
  if (audience) q.set(t.audienceParam, audience);
  const jar = new Jar();
  let method = 'GET';
  let path = `${t.authorizePath}?${q}`;
  let form;
  let posted = false;
  let code;
  for (let hop = 0; hop < 12 && !code; hop++) {
    const headers = {};
    const cookie = jar.header();
    if (cookie) headers.cookie = cookie;
    const s = performance.now();
    const res = await t.client.request(method, path, { headers, form });
    if (form && form.password && timing?.pwd) timing.pwd.push(performance.now() - s);
    jar.take(res.headers);
    if (res.status >= 300 && res.status < 400) {
      const loc = res.headers.location;
      if (loc.startsWith(REDIRECT)) {
        const p = new URL(loc).searchParams;
        if (p.get('state') !== state) throw new Error('callback: state mismatch');
        code = p.get('code');
        if (!code) throw new Error(`callback: ${p.get('error')}: ${p.get('error_description')}`);
        break;
      }
      const u = new URL(loc, t.client.origin);
      path = u.pathname + u.search;
      method = 'GET';
      form = undefined;
      continue;
    }
    if (res.status !== 200) throw new Error(`${method} ${path.split('?')[0]} -> ${res.status}: ${res.text.replace(/\s+/g, ' ').slice(0, 140)}`);
    if (posted) throw new Error(`the login page came back after the password POST (${path.split('?')[0]}): wrong password or blocked?`);
    const f = parseForm(res.text, path);
    if (!f) throw new Error(`no form at ${path.split('?')[0]}`);
    form = {};
    for (const [k, v] of f.fields) form[k] = k === 'username' || k === 'email' ? email : k === 'password' ? password : v;
    if (!('password' in form)) throw new Error(`form without a password field at ${path.split('?')[0]}`);
    posted = true;
    const a = new URL(f.action, t.client.origin);
    path = a.pathname + a.search;
    method = 'POST';
  }
  if (!code) throw new Error('login: no callback after 12 hops');
  const r = await t.client.request('POST', t.tokenPath, { form: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: t.web.id, client_secret: t.web.secret } });
  const j = tokenJson(r, 'authorization_code');
  if (!j.id_token) throw new Error('authorization_code: no id_token');
  return j;
}

export async function refresh(t, refreshToken) {
  const r = await t.client.request('POST', t.tokenPath, { form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: t.web.id, client_secret: t.web.secret } });
  return tokenJson(r, 'refresh_token');
}

export async function userinfo(t, accessToken) {
  const r = await t.client.request('GET', t.userinfoPath, { headers: { authorization: `Bearer ${accessToken}` } });
  if (r.status !== 200) throw new Error(`userinfo: ${r.status} ${r.text.slice(0, 160)}`);
  const j = JSON.parse(r.text);
  if (!j.sub) throw new Error('userinfo: no sub');
  return j;
}

/** The JOSE header of a compact JWS (to print which algorithm really signed a token). */
export function jwtAlg(token) {
  try { return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).alg; } catch { return 'opaque'; }
}
