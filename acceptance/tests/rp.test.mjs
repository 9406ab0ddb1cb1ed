// Acceptance 2: the standards-strict relying party (openid-client 6) against the running server:
// discovery (exact issuer), authorization code + PKCE + state + nonce with the ID token signature
// verified against the JWKS, userinfo, refresh, revocation. The hosted login and consent pages
// are driven with fetch (cookies kept, redirects followed by hand).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { useServer } from '../lib/server.mjs';
import { Mgmt, uniq } from '../lib/mgmt.mjs';
import { driveHostedLogin } from '../lib/login-http.mjs';
import { parseForms, CookieJar, elementTextById } from '../lib/http.mjs';

const srv = await useServer();
const mgmt = new Mgmt(srv);
const APP_ORIGIN = `https://localhost:${Number(process.env.SPA_PORT) || 3443}`;
const REDIRECT_URI = `${APP_ORIGIN}/callback`;
const user = { email: `rp-${uniq()}@example.test`, password: 'Acceptance-Passw0rd!', name: 'Rp Acceptance' };
// Node's fetch trusts the dev cert via NODE_EXTRA_CA_CERTS; otherwise hand openid-client our fetch.
const fetchOptions = srv.fetch === globalThis.fetch ? {} : { [oidc.customFetch]: (url, options) => srv.fetch(url, options) };

let web; // { client_id, client_secret }
let config; // openid-client Configuration
const state = {}; // carried between the sequential tests below

before(async () => {
  web = await mgmt.createWebClient({ callbacks: [REDIRECT_URI], logoutUrls: [`${APP_ORIGIN}/`] });
  assert.equal(typeof web.client_id, 'string', `POST /api/v2/clients: ${JSON.stringify(web)}`);
  assert.equal(typeof web.client_secret, 'string', 'regular_web client is created with a client_secret');
  const created = await mgmt.createUser(user);
  user.id = created.user_id;
});

function need(key) {
  if (!state[key]) throw new Error(`skipped: an earlier step did not produce ${key}`);
  return state[key];
}

/** Logs in through the hosted pages (fresh cookie jar) and returns the callback URL + checks. */
async function loginForCallback() {
  const a = await authorizationUrl();
  const { callbackUrl, pages } = await driveHostedLogin({
    fetch: srv.fetch,
    startUrl: a.url.href,
    redirectPrefix: REDIRECT_URI,
    username: user.email,
    password: user.password,
  });
  return { ...a, callbackUrl, pages };
}

/** openid-client errors carry the OAuth error in .error (ResponseBodyError) or .cause. */
const oauthError = (e) => e?.error ?? e?.cause?.error;
function explain(e) {
  const body = e?.cause && typeof e.cause === 'object' ? JSON.stringify(e.cause) : '';
  return `${e?.name}: ${e?.message}${e?.error ? ` [${e.error}: ${e.error_description ?? ''}]` : ''} ${body}`.slice(0, 600);
}
async function rp(label, promise) {
  try {
    return await promise;
  } catch (e) {
    throw new Error(`${label}: ${explain(e)}`, { cause: e });
  }
}

async function authorizationUrl(extra = {}) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const expectedState = oidc.randomState();
  const expectedNonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email offline_access',
    response_type: 'code',
    state: expectedState,
    nonce: expectedNonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url, codeVerifier, expectedState, expectedNonce };
}

test('discovery: issuer is exactly the configured one, endpoints are on the issuer origin', async () => {
  config = await oidc.discovery(new URL(srv.issuer), web.client_id, undefined, oidc.ClientSecretPost(web.client_secret), fetchOptions);
  oidc.enableNonRepudiationChecks(config);
  const md = config.serverMetadata();
  assert.equal(md.issuer, srv.issuer, 'metadata issuer (exact string, trailing slash)');
  const origin = srv.origin;
  assert.equal(md.authorization_endpoint, `${origin}/authorize`);
  assert.equal(md.token_endpoint, `${origin}/oauth/token`);
  assert.equal(md.userinfo_endpoint, `${origin}/userinfo`);
  assert.equal(md.jwks_uri, `${origin}/.well-known/jwks.json`);
  assert.equal(md.revocation_endpoint, `${origin}/oauth/revoke`);
  assert.ok(md.id_token_signing_alg_values_supported?.includes('RS256'), 'RS256 advertised for ID tokens');
  if (md.code_challenge_methods_supported) assert.ok(md.code_challenge_methods_supported.includes('S256'));

  const jwks = await (await srv.fetch(md.jwks_uri)).json();
  assert.ok(Array.isArray(jwks.keys) && jwks.keys.length > 0, 'JWKS has keys');
  for (const k of jwks.keys) {
    assert.equal(typeof k.kid, 'string', 'every JWK has a kid');
    for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.ok(!(priv in k), `JWKS must not leak private key material (${priv} in ${k.kid})`);
  }
  assert.ok(jwks.keys.some((k) => k.kty === 'RSA' && (!k.alg || k.alg === 'RS256')), 'JWKS has an RSA key for RS256');
  state.jwks = jwks;
});

test('hosted login: a wrong password re-renders the form with 400 and #error', async () => {
  assert.ok(config, 'needs discovery');
  const { url } = await authorizationUrl();
  const jar = new CookieJar();
  let res = await srv.fetch(url.href, { redirect: 'manual' });
  jar.store(res);
  let next = url.href;
  for (let i = 0; i < 5 && res.status >= 300 && res.status < 400; i++) {
    next = new URL(res.headers.get('location'), next).href;
    await res.arrayBuffer();
    res = await srv.fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(res);
  }
  assert.equal(res.status, 200, `login page at ${next}`);
  assert.match(new URL(next).pathname, /^\/u\/login/, 'redirected to the hosted login page');
  const html = await res.text();
  const form = parseForms(html, next).find((f) => f.fields.some((x) => x.name === 'password'));
  assert.ok(form, 'login form with a password field');
  const names = form.fields.map((f) => f.name);
  for (const n of ['username', 'password', 'state', 'csrf']) assert.ok(names.includes(n), `login form has "${n}" (has ${names.join(', ')})`);
  const body = new URLSearchParams(form.fields.map((f) => [f.name, f.name === 'username' ? user.email : f.name === 'password' ? 'not-the-password' : f.value]));
  const wrong = await srv.fetch(form.action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: body.toString(),
  });
  const wrongHtml = await wrong.text();
  assert.equal(wrong.status, 400, 'wrong password -> 400');
  assert.ok(elementTextById(wrongHtml, 'error'), 'message in #error');
  assert.ok(parseForms(wrongHtml, form.action).some((f) => f.fields.some((x) => x.name === 'password')), 'form is rendered again');
  assert.ok(!wrongHtml.includes('not-the-password'), 'the submitted password is not echoed back');
});

test('authorization code + PKCE + state + nonce; ID token signature verified against the JWKS', async () => {
  assert.ok(config, 'needs discovery');
  const a = await loginForCallback();
  const paths = a.pages.map((p) => p.pathname);
  assert.ok(paths.some((p) => p.startsWith('/u/login')), `login page seen (${paths})`);
  assert.ok(paths.some((p) => p.startsWith('/u/consent')), `consent page seen for a localhost callback (${paths})`);

  const tokens = await rp('authorizationCodeGrant', oidc.authorizationCodeGrant(config, new URL(a.callbackUrl), {
    pkceCodeVerifier: a.codeVerifier,
    expectedState: a.expectedState,
    expectedNonce: a.expectedNonce,
    idTokenExpected: true,
  }));
  assert.match(tokens.token_type, /^bearer$/i);
  assert.equal(typeof tokens.expires_in, 'number');
  assert.equal(typeof tokens.refresh_token, 'string', 'offline_access yields a refresh token');
  const claims = tokens.claims();
  assert.equal(claims.iss, srv.issuer);
  assert.equal(claims.sub, user.id, 'sub is the Management API user_id');
  assert.equal(claims.email, user.email);
  assert.equal(claims.nonce, a.expectedNonce);
  assert.ok(claims.aud === web.client_id || (Array.isArray(claims.aud) && claims.aud.includes(web.client_id)));
  const header = JSON.parse(Buffer.from(tokens.id_token.split('.')[0], 'base64url'));
  assert.equal(header.alg, 'RS256');
  if (state.jwks) assert.ok(state.jwks.keys.some((k) => k.kid === header.kid && k.kty === 'RSA'), `ID token kid ${header.kid} is an RSA key in the JWKS`);
  state.tokens = tokens;
  state.sub = claims.sub;
});

test('userinfo: sub matches the ID token', async () => {
  const tokens = need('tokens');
  const info = await rp('fetchUserInfo', oidc.fetchUserInfo(config, tokens.access_token, state.sub));
  assert.equal(info.sub, state.sub);
  assert.equal(info.email, user.email);
});

test('refresh token grant', async () => {
  const tokens = need('tokens');
  await new Promise((r) => setTimeout(r, 1100)); // a fresh iat, so even a jti-less JWT must differ
  const r = await rp('refreshTokenGrant', oidc.refreshTokenGrant(config, tokens.refresh_token));
  assert.equal(typeof r.access_token, 'string');
  assert.equal(typeof r.expires_in, 'number');
  assert.notEqual(r.access_token, tokens.access_token, 'a new access token');
  if (r.id_token) assert.equal(r.claims().sub, state.sub);
  state.refreshToken = r.refresh_token || tokens.refresh_token;
  const info = await rp('fetchUserInfo (refreshed token)', oidc.fetchUserInfo(config, r.access_token, state.sub));
  assert.equal(info.sub, state.sub, 'refreshed access token works at userinfo');
});

test('revocation: a revoked refresh token no longer works', async () => {
  const rt = need('refreshToken');
  await rp('tokenRevocation', oidc.tokenRevocation(config, rt, { token_type_hint: 'refresh_token' }));
  await assert.rejects(
    oidc.refreshTokenGrant(config, rt),
    (e) => oauthError(e) === 'invalid_grant' || assert.fail(`expected invalid_grant, got ${explain(e)}`),
    'refresh with a revoked token -> invalid_grant',
  );
});

test('an authorization code can be redeemed only once', async () => {
  assert.ok(config, 'needs discovery');
  const a = await loginForCallback();
  const checks = { pkceCodeVerifier: a.codeVerifier, expectedState: a.expectedState, expectedNonce: a.expectedNonce };
  await rp('first redemption', oidc.authorizationCodeGrant(config, new URL(a.callbackUrl), checks));
  await assert.rejects(
    oidc.authorizationCodeGrant(config, new URL(a.callbackUrl), checks),
    (e) => oauthError(e) === 'invalid_grant' || assert.fail(`expected invalid_grant, got ${explain(e)}`),
    'second redemption of an authorization code -> invalid_grant',
  );
});

test('PKCE: a wrong code_verifier is rejected', async () => {
  assert.ok(config, 'needs discovery');
  const a = await loginForCallback();
  await assert.rejects(
    oidc.authorizationCodeGrant(config, new URL(a.callbackUrl), {
      pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
      expectedState: a.expectedState,
      expectedNonce: a.expectedNonce,
    }),
    (e) => oauthError(e) === 'invalid_grant' || assert.fail(`expected invalid_grant, got ${explain(e)}`),
    'code_verifier mismatch -> invalid_grant',
  );
});
