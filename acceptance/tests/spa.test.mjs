// Acceptance 1: the real @auth0/auth0-spa-js, in headless Chromium, against the running server.
//   * redirect login -> hosted login page -> consent -> callback -> getUser()
//   * silent authentication through the hidden iframe (response_mode=web_message)
//   * refresh-token mode: rotation, asserted on the wire
//   * logout -> silent auth answers login_required
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useServer, ACCEPTANCE_DIR } from '../lib/server.mjs';
import { Mgmt, uniq } from '../lib/mgmt.mjs';
import { launchBrowser, recordTraffic, completeHostedLogin } from '../lib/browser.mjs';
import { startSpaServer } from '../lib/spa-server.mjs';
import { decodeJwt } from '../lib/http.mjs';

const srv = await useServer();
const mgmt = new Mgmt(srv);
const AUTH = srv.origin; // https://localhost:8443 — what spa-js derives from domain "localhost:8443"
const ARTIFACTS = path.join(ACCEPTANCE_DIR, 'artifacts');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let spa;
let spaClient;
let apiIdentifier;
const user = { email: `spa-${uniq()}@example.test`, password: 'Acceptance-Passw0rd!', name: 'Spa Acceptance' };

before(async () => {
  spa = await startSpaServer({ certPath: srv.certPath, keyPath: srv.keyPath, port: Number(process.env.SPA_PORT) || 3443 });
  spaClient = await mgmt.createSpaClient({ origin: spa.origin });
  assert.equal(typeof spaClient.client_id, 'string', `POST /api/v2/clients returned no client_id: ${JSON.stringify(spaClient)}`);
  const created = await mgmt.createUser(user);
  assert.equal(typeof created.user_id, 'string', `POST /api/v2/users returned no user_id: ${JSON.stringify(created)}`);
  user.id = created.user_id;
  apiIdentifier = `https://api-${uniq()}.acceptance.test/`;
  await mgmt.createResourceServer({ identifier: apiIdentifier, name: 'acceptance api', scopes: ['read:things'] });
});

after(async () => {
  await spa?.close();
});

/** Opens the SPA with the given configuration and waits for it to settle. */
async function openSpa(page, params) {
  const q = new URLSearchParams({ domain: srv.domain, client_id: spaClient.client_id, ...params });
  await page.goto(`${spa.origin}/?${q}`);
  return spaState(page);
}

async function spaState(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('status');
    return s && s.textContent !== 'loading';
  });
  const user = await page.textContent('#user');
  return {
    status: await page.textContent('#status'),
    error: await page.textContent('#error'),
    user: user ? JSON.parse(user) : null,
  };
}

/** Runs `action` (which navigates away) and waits for the SPA to boot again afterwards. */
async function afterNavigation(page, action) {
  await page.evaluate(() => { window.__beforeNavigation = true; });
  const result = await action();
  await page.waitForFunction(() => !window.__beforeNavigation && document.getElementById('status')?.textContent !== 'loading');
  return result;
}

async function login(page, opts = {}) {
  await page.click('#login');
  const seen = await completeHostedLogin(page, {
    authOrigin: AUTH,
    returnPrefix: `${spa.origin}/`,
    email: user.email,
    password: user.password,
    ...opts,
  });
  const state = await spaState(page);
  assert.equal(state.status, 'authenticated', `after login the SPA is "${state.status}": ${state.error}`);
  return { seen, state };
}

const tokenPosts = (wire) => wire.entries.filter((e) => e.method === 'POST' && e.path === '/oauth/token');
const grantOf = (e) => (e.postData ? new URLSearchParams(e.postData).get('grant_type') ?? safeJson(e.postData)?.grant_type : null);
function safeJson(s) {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** Wire-level hygiene of one /oauth/token response; returns the parsed body. */
function checkTokenResponse(e, { refreshTokenExpected }) {
  const label = `${e.method} ${e.path} [${e.where}] (${grantOf(e) ?? 'grant?'})`;
  assert.equal(e.status, 200, `${label} status; body: ${e.body}`);
  assert.match(e.headers['cache-control'] || '', /no-store/, `${label}: cache-control must contain no-store`);
  assert.equal(e.headers['access-control-allow-origin'], spa.origin, `${label}: access-control-allow-origin`);
  assert.ok(e.body, `${label}: no JSON body captured (content-type ${e.headers['content-type']})`);
  const body = JSON.parse(e.body);
  assert.equal(typeof body.access_token, 'string', `${label}: access_token`);
  assert.equal(typeof body.expires_in, 'number', `${label}: expires_in must be a JSON number, got ${JSON.stringify(body.expires_in)}`);
  assert.equal(typeof body.id_token, 'string', `${label}: id_token must be present on every response spa-js sees`);
  assert.match(body.token_type || '', /^bearer$/i, `${label}: token_type`);
  if (refreshTokenExpected) assert.equal(typeof body.refresh_token, 'string', `${label}: refresh_token`);
  const idt = decodeJwt(body.id_token);
  assert.equal(idt.header.alg, 'RS256', `${label}: id_token alg`);
  assert.equal(idt.payload.iss, srv.issuer, `${label}: id_token iss`);
  return body;
}

function checkPreflight(wire) {
  const pre = wire.entries.filter((e) => e.method === 'OPTIONS' && e.path === '/oauth/token');
  assert.ok(pre.length >= 1, `no CORS preflight OPTIONS /oauth/token observed:\n${wire.lines().join('\n')}`);
  for (const p of pre) {
    assert.ok(p.status >= 200 && p.status < 300, `preflight status ${p.status}`);
    assert.equal(p.headers['access-control-allow-origin'], spa.origin, 'preflight access-control-allow-origin');
    const allowHeaders = (p.headers['access-control-allow-headers'] || '').toLowerCase();
    const requested = (p.requestHeaders?.['access-control-request-headers'] || 'auth0-client').toLowerCase().split(/\s*,\s*/).filter(Boolean);
    assert.ok(requested.includes('auth0-client'), `spa-js preflight asks for auth0-client (asked: ${requested})`);
    for (const h of requested) {
      assert.ok(allowHeaders === '*' || allowHeaders.split(/\s*,\s*/).includes(h), `preflight access-control-allow-headers "${allowHeaders}" lacks ${h}`);
    }
  }
}

async function withBrowser(t, fn) {
  const b = await launchBrowser();
  const wire = recordTraffic(b.context, b.page, AUTH);
  let ok = false;
  try {
    await wire.ready;
    await fn(b.page, wire);
    ok = true;
  } finally {
    await wire.settle().catch(() => {});
    if (!ok) {
      t.diagnostic(`requests to ${AUTH}:\n${wire.lines().join('\n')}`);
      await b.page.screenshot({ path: path.join(ARTIFACTS, `failure-${t.name.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => {});
    }
    await b.close();
  }
}

test('spa-js iframe mode: login + consent, getUser, silent auth (web_message), logout -> login_required', async (t) => {
  await withBrowser(t, async (page, wire) => {
    const start = await openSpa(page, { rt: '0' });
    assert.equal(start.status, 'anonymous', `fresh SPA should be anonymous: ${start.error}`);

    const { seen, state } = await login(page, { wrongPasswordFirst: true, screenshot: path.join(ARTIFACTS, 'login.png') });
    assert.equal(seen.wrongPassword.status, 400, 'wrong password re-renders the login page with 400');
    assert.ok(seen.wrongPassword.message, 'wrong password shows a message in #error');
    assert.ok(seen.consent, 'consent page is shown for a localhost redirect_uri');
    assert.equal(state.user?.email, user.email, 'getUser().email');
    assert.equal(state.user?.sub, user.id, 'getUser().sub is the Management API user_id');

    const authz = wire.entries.find((e) => e.path === '/authorize' && e.where === 'page');
    assert.ok(authz, 'top-level GET /authorize');
    const ap = new URL(authz.url).searchParams;
    assert.equal(ap.get('response_mode'), 'query');
    assert.equal(ap.get('code_challenge_method'), 'S256');

    // silent authentication: hidden iframe, prompt=none, response_mode=web_message
    const silent = await page.evaluate(() =>
      window.client.getTokenSilently({ cacheMode: 'off', detailedResponse: true }).then(
        (r) => ({ ok: true, r }),
        (e) => ({ ok: false, error: e.error || e.name, description: e.error_description || e.message }),
      ),
    );
    if (!silent.ok) {
      await wire.settle();
      const frames = wire.entries.filter((e) => e.path === '/authorize' && e.where === 'iframe');
      const detail = frames.map((e) => `status ${e.status}, x-frame-options ${e.headers?.['x-frame-options']}, csp ${e.headers?.['content-security-policy']}`);
      assert.fail(`getTokenSilently (iframe) failed: ${silent.error}: ${silent.description}; iframe /authorize answers: ${detail.join(' | ') || 'none seen'}`);
    }
    assert.equal(typeof silent.r.access_token, 'string');
    assert.equal(typeof silent.r.id_token, 'string');
    const iframeAuthz = wire.entries.filter((e) => e.path === '/authorize' && new URL(e.url).searchParams.get('prompt') === 'none');
    assert.equal(iframeAuthz.length, 1, 'exactly one silent /authorize');
    assert.equal(new URL(iframeAuthz[0].url).searchParams.get('response_mode'), 'web_message');
    assert.equal(iframeAuthz[0].status, 200, 'web_message answer is an HTML page (200)');
    assert.ok(!iframeAuthz[0].headers?.['x-frame-options'], 'web_message page must not carry X-Frame-Options');

    const claims = await page.evaluate(() => window.client.getIdTokenClaims());
    assert.equal(claims.iss, srv.issuer, 'id_token iss');
    assert.equal(claims.aud, spaClient.client_id, 'id_token aud');
    assert.equal(claims.email, user.email, 'id_token email');

    await wire.settle();
    const posts = tokenPosts(wire);
    assert.equal(posts.length, 2, `two POST /oauth/token (callback + silent):\n${wire.lines().join('\n')}`);
    for (const p of posts) checkTokenResponse(p, { refreshTokenExpected: false });
    checkPreflight(wire);

    // logout -> /v2/logout -> back to the SPA
    const logoutResp = await afterNavigation(page, async () => {
      const [resp] = await Promise.all([
        page.waitForResponse((r) => r.url().startsWith(`${AUTH}/v2/logout`)),
        page.click('#logout'),
      ]);
      return resp;
    });
    const lq = new URL(logoutResp.url()).searchParams;
    assert.equal(lq.get('client_id'), spaClient.client_id);
    assert.equal(lq.get('returnTo'), `${spa.origin}/`);
    assert.ok([302, 303].includes(logoutResp.status()), `/v2/logout redirects (Auth0 answers 302), got ${logoutResp.status()}`);
    assert.equal((await logoutResp.allHeaders()).location, `${spa.origin}/`, '/v2/logout Location is returnTo');
    const afterLogout = await spaState(page);
    assert.equal(afterLogout.status, 'anonymous', `after logout: ${afterLogout.error}`);

    const silentAfter = await page.evaluate(() =>
      window.client.getTokenSilently().then(() => 'got a token', (e) => e.error || `${e.name}: ${e.message}`),
    );
    assert.equal(silentAfter, 'login_required', 'silent auth after logout');
  });
});

test('spa-js refresh-token mode: refresh tokens rotate on every call, asserted on the wire', async (t) => {
  await withBrowser(t, async (page, wire) => {
    const start = await openSpa(page, { rt: '1' });
    assert.equal(start.status, 'anonymous', start.error);
    await login(page);

    const authz = wire.entries.find((e) => e.path === '/authorize');
    assert.match(new URL(authz.url).searchParams.get('scope') || '', /\boffline_access\b/, 'spa-js asks for offline_access');

    const tokens = [];
    for (let i = 0; i < 2; i++) {
      await sleep(1100); // a fresh iat, so even a jti-less JWT must differ
      const r = await page.evaluate(() =>
        window.client.getTokenSilently({ cacheMode: 'off' }).then(
          (token) => ({ ok: true, token }),
          (e) => ({ ok: false, error: e.error || e.name, description: e.error_description || e.message }),
        ),
      );
      assert.ok(r.ok, `refresh #${i + 1} failed: ${r.error}: ${r.description}`);
      tokens.push(r.token);
    }
    assert.notEqual(tokens[0], tokens[1], 'each refresh returns a new access token');
    assert.ok(!wire.entries.some((e) => e.path === '/authorize' && new URL(e.url).searchParams.get('prompt') === 'none'),
      'refresh-token mode must not fall back to the iframe');

    await wire.settle();
    const posts = tokenPosts(wire);
    assert.equal(posts.length, 3, `code exchange + 2 refreshes:\n${wire.lines().join('\n')}`);
    const grants = posts.map((p, i) => grantOf(p) ?? (i === 0 ? 'authorization_code' : 'refresh_token'));
    assert.deepEqual(grants, ['authorization_code', 'refresh_token', 'refresh_token']);
    const bodies = posts.map((p) => checkTokenResponse(p, { refreshTokenExpected: true }));
    const rts = bodies.map((b) => b.refresh_token);
    assert.equal(new Set(rts).size, 3, 'refresh token changes on every response (rotation)');
    const ats = bodies.map((b) => b.access_token);
    assert.equal(new Set(ats).size, 3, 'three distinct access tokens');
    assert.deepEqual(tokens, ats.slice(1), 'getTokenSilently returned the access tokens seen on the wire');
    for (let i = 1; i < posts.length; i++) {
      if (!posts[i].postData) continue;
      const sent = new URLSearchParams(posts[i].postData).get('refresh_token') ?? safeJson(posts[i].postData)?.refresh_token;
      assert.equal(sent, rts[i - 1], `refresh #${i} used the refresh token from the previous response`);
    }
    checkPreflight(wire);

    // Reusing a rotated-out refresh token must fail with invalid_grant.
    const reuse = await srv.fetch(`${AUTH}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: spa.origin },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: spaClient.client_id, refresh_token: rts[0] }).toString(),
    });
    const reuseBody = await reuse.json().catch(() => null);
    assert.ok(reuse.status >= 400 && reuse.status < 500, `reuse of a rotated refresh token: status ${reuse.status}`);
    assert.equal(reuseBody?.error, 'invalid_grant', `reuse of a rotated refresh token: ${JSON.stringify(reuseBody)}`);
  });
});

test('spa-js with an audience: the access token is a JWT for that API', async (t) => {
  await withBrowser(t, async (page) => {
    const start = await openSpa(page, { rt: '0', audience: apiIdentifier });
    assert.equal(start.status, 'anonymous', start.error);
    await login(page);
    const r = await page.evaluate(() =>
      window.client.getTokenSilently({ cacheMode: 'off' }).then(
        (token) => ({ ok: true, token }),
        (e) => ({ ok: false, error: e.error || e.name, description: e.error_description || e.message }),
      ),
    );
    assert.ok(r.ok, `getTokenSilently with audience: ${r.error}: ${r.description}`);
    const at = decodeJwt(r.token);
    assert.equal(at.header.alg, 'RS256', 'access token alg');
    const aud = [].concat(at.payload.aud);
    assert.ok(aud.includes(apiIdentifier), `access token aud ${JSON.stringify(at.payload.aud)} includes the API`);
    assert.equal(at.payload.iss, srv.issuer, 'access token iss');
    assert.equal(at.payload.sub, user.id, 'access token sub');
    assert.equal(at.payload.azp, spaClient.client_id, 'access token azp');
  });
});
