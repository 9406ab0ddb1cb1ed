// Acceptance for multi-factor authentication (issue 5), black box: the real
// @auth0/auth0-spa-js in headless Chromium, the hosted MFA pages, TOTP codes computed by
// otplib (independent of the server's implementation), and the tenant set up with the real
// node-auth0 v7 ManagementClient.
//   1. the scenario: a post-login action sends users with the role Admin to MFA; the admin
//      enrolls (otpauth URI read from the page), keeps the recovery code, lands in the SPA
//      with amr ["mfa"]; a plain user logs in with a password only; the admin's next login
//      is a challenge, and the same code replayed in the same 30 s step is refused.
//   3. wrong codes: a readable message, the 10th wrong code blocks, the 11th answer refuses
//      even the right code (log gd_otp_rate_limit_exceed); a recovery code works once.
//   2. the policy all-applications forces MFA on the plain user (silent authentication first
//      answers login_required "Multifactor authentication required"); removing the binding
//      and the policy removes MFA for the admin. Runs last: it unbinds the action.
//
// Every server node caches the tenant record for up to 10 s, so each change of factors,
// policy or bindings is followed by one wait of TENANT_CACHE_MS before the next login.
//
// GET /api/v2/logs goes through lib/mgmt.mjs (plain fetch) rather than node-auth0: the SDK's
// logs.list() always sends page/per_page/include_totals, which the server currently refuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { generateSecret } from 'otplib';
import { useServer, ACCEPTANCE_DIR } from '../lib/server.mjs';
import { Mgmt, managementClient, uniq } from '../lib/mgmt.mjs';
import { launchBrowser, recordTraffic } from '../lib/browser.mjs';
import { startSpaServer } from '../lib/spa-server.mjs';
import {
  totpCode,
  totpStep,
  wrongTotpCode,
  submitPassword,
  submitCode,
  readOtpEnrollment,
  checkQrStructure,
  confirmRecoveryCode,
  finishAtApp,
  saveScreenshot,
} from '../lib/mfa.mjs';

const srv = await useServer();
const m = managementClient(srv); // node-auth0 v7: every setup call
const mgmt = new Mgmt(srv); // plain fetch: GET /logs only (see above)
const AUTH = srv.origin;
const ARTIFACTS = path.join(ACCEPTANCE_DIR, 'artifacts');
const TENANT_CACHE_MS = 10500;
const PASSWORD = 'Acceptance-Passw0rd!';
const INVALID_CODE = 'The code you entered is invalid.';
const SEED_ACTION = `exports.onExecutePostLogin = async (event, api) => {
  if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any");
};`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let spa;
let spaClient;
let adminRole;
let adminRoleCreated = false;
let seedAction;
let otherBindings = []; // post-login bindings other suites left; kept, and restored at the end
const dirty = { policy: false, binding: false };

const bindingRefs = (bindings) => bindings.map((b) => ({ ref: { type: 'action_id', value: b.action.id }, display_name: b.display_name }));

before(async () => {
  spa = await startSpaServer({ certPath: srv.certPath, keyPath: srv.keyPath, port: Number(process.env.SPA_PORT) || 3443 });
  spaClient = await m.clients.create({
    name: `mfa-spa-${uniq()}`,
    app_type: 'spa',
    callbacks: [`${spa.origin}/`],
    allowed_logout_urls: [`${spa.origin}/`],
    web_origins: [spa.origin],
    allowed_origins: [spa.origin],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    oidc_conformant: true,
    jwt_configuration: { alg: 'RS256' },
    refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring' },
  });
  assert.equal(typeof spaClient.client_id, 'string', `clients.create returned no client_id: ${JSON.stringify(spaClient)}`);

  // factors: one-time password and recovery codes; policy: MFA only when an action asks
  assert.deepEqual(await m.guardian.factors.set('otp', { enabled: true }), { enabled: true });
  assert.deepEqual(await m.guardian.factors.set('recovery-code', { enabled: true }), { enabled: true });
  assert.deepEqual(await m.guardian.policies.set([]), []);
  const factors = await m.guardian.factors.list();
  for (const name of ['otp', 'recovery-code']) {
    assert.equal(factors.find((f) => f.name === name)?.enabled, true, `guardian.factors.list(): ${name} enabled: ${JSON.stringify(factors)}`);
  }

  adminRole = await adminRoleId();

  seedAction = await m.actions.create({
    name: `mfa-seed-${uniq()}`,
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    code: SEED_ACTION,
    runtime: 'node22',
  });
  assert.equal(seedAction.status, 'built', `actions.create: ${JSON.stringify(seedAction)}`);
  // the action, tried before it is deployed: Admin -> multifactor.enable("any"), others -> nothing
  const tryWith = async (roles) => (await m.actions.test(seedAction.id, { payload: postLoginEvent(roles) })).payload;
  const asAdmin = await tryWith(['Admin']);
  assert.equal(asAdmin.error ?? null, null, `actions.test as Admin: ${JSON.stringify(asAdmin)}`);
  assert.ok(JSON.stringify(asAdmin.commands).includes('multifactor.enable') && JSON.stringify(asAdmin.commands).includes('any'),
    `actions.test as Admin records multifactor.enable("any"): ${JSON.stringify(asAdmin.commands)}`);
  const asOther = await tryWith(['Support']);
  assert.ok(!JSON.stringify(asOther.commands ?? []).includes('multifactor'), `actions.test without Admin: ${JSON.stringify(asOther.commands)}`);
  await m.actions.deploy(seedAction.id);

  otherBindings = (await m.actions.triggers.bindings.list('post-login')).data;
  dirty.binding = true;
  const bound = await m.actions.triggers.bindings.updateMany('post-login', {
    bindings: [...bindingRefs(otherBindings), { ref: { type: 'action_id', value: seedAction.id }, display_name: seedAction.name }],
  });
  assert.ok(bound.bindings.some((b) => b.action?.id === seedAction.id), `bindings.updateMany: ${JSON.stringify(bound)}`);

  await sleep(TENANT_CACHE_MS);
});

after(async () => {
  // leave the tenant as the other suites expect it: no MFA policy, no binding, action or role
  // of ours (another suite creates its own role "Admin"); a step that fails fails the file
  const failures = [];
  const step = (what, p) => p.catch((e) => failures.push(`${what}: ${e.message}`));
  const wasDirty = dirty.policy || dirty.binding;
  if (dirty.policy) await step('policies.set([])', m.guardian.policies.set([]));
  if (dirty.binding) await step('bindings.updateMany', m.actions.triggers.bindings.updateMany('post-login', { bindings: bindingRefs(otherBindings) }));
  if (seedAction) await step('actions.delete', m.actions.delete(seedAction.id, { force: true }));
  if (adminRoleCreated) await step('roles.delete', m.roles.delete(adminRole));
  if (wasDirty) await sleep(TENANT_CACHE_MS);
  await spa?.close();
  if (failures.length) throw new Error(`cleanup failed:\n${failures.join('\n')}`);
});

/** The role the seed action looks for; created unless another suite already made one. */
async function adminRoleId() {
  try {
    const role = await m.roles.create({ name: 'Admin', description: 'forced into MFA by the seed action' });
    adminRoleCreated = true;
    return role.id;
  } catch (e) {
    if (e.statusCode !== 409) throw e;
    const found = (await m.roles.list({ name_filter: 'Admin' })).data.find((r) => r.name === 'Admin');
    assert.ok(found, 'role Admin exists (409) but roles.list does not return it');
    return found.id;
  }
}

function postLoginEvent(roles) {
  return {
    user: { user_id: 'auth0|mfa-acceptance', email: 'someone@example.test' },
    authorization: { roles },
    client: { client_id: spaClient.client_id, name: spaClient.name },
    transaction: { protocol: 'oidc-basic-profile' },
  };
}

async function newUser(prefix, { admin = false, totpSecret } = {}) {
  const email = `${prefix}-${uniq()}@example.test`;
  const created = await m.users.create({ connection: 'Username-Password-Authentication', email, password: PASSWORD, email_verified: true });
  assert.equal(typeof created.user_id, 'string', `users.create: ${JSON.stringify(created)}`);
  if (admin) await m.roles.users.assign(adminRole, { users: [created.user_id] });
  if (totpSecret) {
    const method = await m.users.authenticationMethods.create(created.user_id, { type: 'totp', totp_secret: totpSecret });
    assert.equal(method.type, 'totp', `authenticationMethods.create: ${JSON.stringify(method)}`);
  }
  return { email, password: PASSWORD, id: created.user_id };
}

/** A fresh Chromium with wire recording; screenshots and the wire on failure; no request may leave localhost. */
async function withBrowser(t, label, fn) {
  const b = await launchBrowser();
  const wire = recordTraffic(b.context, b.page, AUTH);
  const foreign = [];
  b.context.on('request', (r) => {
    const u = r.url();
    if (/^https?:/.test(u) && !u.startsWith(`${AUTH}/`) && !u.startsWith(`${spa.origin}/`)) foreign.push(u);
  });
  let ok = false;
  try {
    await wire.ready;
    await fn(b.page, wire);
    assert.deepEqual(foreign, [], 'the pages fetch nothing outside the server and the SPA (QR code rendered by the server)');
    ok = true;
  } finally {
    await wire.settle().catch(() => {});
    if (!ok) {
      t.diagnostic(`[${label}] requests to ${AUTH}:\n${wire.lines().join('\n')}`);
      await b.page.screenshot({ path: path.join(ARTIFACTS, `failure-mfa-${label}.png`) }).catch(() => {});
    }
    await b.close();
  }
}

async function openSpa(page, params = {}) {
  const q = new URLSearchParams({ domain: srv.domain, client_id: spaClient.client_id, rt: '0', ...params });
  await page.goto(`${spa.origin}/?${q}`);
  const state = await spaState(page);
  assert.equal(state.status, 'anonymous', `fresh SPA should be anonymous: ${state.error}`);
}

async function spaState(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('status');
    return s && s.textContent !== 'loading';
  });
  const user = await page.textContent('#user');
  return { status: await page.textContent('#status'), error: await page.textContent('#error'), user: user ? JSON.parse(user) : null };
}

/** SPA "Log in" (loginWithRedirect) -> hosted login -> password. Returns the URL reached next. */
async function startLogin(page, user) {
  await page.click('#login');
  return submitPassword(page, { authOrigin: AUTH, returnPrefix: `${spa.origin}/`, email: user.email, password: user.password });
}

/** Consent (if asked) -> callback -> the SPA is authenticated as `user`. Returns the ID token claims. */
async function landInSpa(page, user) {
  const { consent } = await finishAtApp(page, { returnPrefix: `${spa.origin}/` });
  const state = await spaState(page);
  assert.equal(state.status, 'authenticated', `the SPA is "${state.status}" after the login: ${state.error}`);
  assert.equal(state.user?.sub, user.id, 'getUser().sub');
  const claims = await page.evaluate(() => window.client.getIdTokenClaims());
  return { consent, claims };
}

const amrOf = (claims) => [].concat(claims?.amr ?? []);

function silentToken(page) {
  return page.evaluate(() =>
    window.client.getTokenSilently({ cacheMode: 'off', detailedResponse: true }).then(
      (r) => ({ ok: true, r }),
      (e) => ({ ok: false, error: e.error || e.name, description: e.error_description || e.message }),
    ),
  );
}

const hostedPaths = (wire) => wire.entries.filter((e) => e.path.startsWith('/u/') && e.method === 'GET').map((e) => e.path);
const mfaPaths = (wire) => hostedPaths(wire).filter((p) => p.startsWith('/u/mfa'));

/** The enrollment page: otpauth URI, secret, QR code; enters an otplib code; keeps the recovery code. */
async function enrollOtp(t, page, user, { screenshot, wrongCodeFirst = false } = {}) {
  assert.equal(new URL(page.url()).pathname, '/u/mfa-otp-enrollment-qr', `expected the enrollment page, at ${page.url()}`);
  const enr = await readOtpEnrollment(page);
  assert.ok(enr.uri, 'a#otpauth-uri has an href');
  assert.equal(enr.uri.protocol, 'otpauth:', `otpauth URI: ${enr.href}`);
  assert.equal(enr.uri.host, 'totp', `otpauth URI type: ${enr.href}`);
  const label = decodeURIComponent(enr.uri.pathname.slice(1));
  assert.ok(label.endsWith(user.email), `otpauth label "${label}" names the account (${user.email})`);
  const params = enr.uri.searchParams;
  const secret = params.get('secret');
  assert.match(secret || '', /^[A-Z2-7]{16,}=*$/, `otpauth secret is base32: ${enr.href}`);
  assert.equal(enr.secret, secret.replace(/=+$/, ''), '#secret (manual entry) is the secret of the otpauth URI');
  assert.ok(params.get('issuer'), `otpauth URI has an issuer: ${enr.href}`);
  if (label.includes(':')) assert.equal(label.split(':')[0], params.get('issuer'), 'label prefix = issuer');
  assert.equal((params.get('algorithm') ?? 'SHA1').toUpperCase(), 'SHA1', 'RFC 6238 SHA-1');
  assert.equal(params.get('digits') ?? '6', '6', '6 digits');
  assert.equal(params.get('period') ?? '30', '30', '30 s period');
  const qr = checkQrStructure(enr.qr);
  assert.deepEqual(qr.problems, [], `the #qr SVG is a well-formed QR code (${enr.qr?.size} modules)`);
  t.diagnostic(`enrollment: ${enr.href.replace(/secret=[^&]+/, 'secret=…')}; QR version ${qr.version}, level ${qr.ecLevel}, mask ${qr.mask}`);
  assert.deepEqual(enr.qr.external, [], 'the QR SVG references nothing external');
  assert.ok(enr.qr.quietZone.left >= 4 && enr.qr.quietZone.top >= 4, `QR quiet zone of 4 modules (${JSON.stringify(enr.qr.quietZone)})`);
  if (screenshot) await saveScreenshot(page, screenshot);

  if (wrongCodeFirst) {
    const wrong = await submitCode(page, await wrongTotpCode(secret));
    assert.equal(wrong.status, 400, 'a wrong code on the enrollment page re-renders it with 400');
    assert.equal(wrong.pathname, '/u/mfa-otp-enrollment-qr', 'still on the enrollment page');
    assert.equal(wrong.error, INVALID_CODE, '#error after a wrong enrollment code');
    assert.equal((await readOtpEnrollment(page)).secret, enr.secret, 'the secret stays the same after a wrong code');
  }

  const { code, step } = await totpCode(secret, { minRemainingMs: 3000 });
  const done = await submitCode(page, code);
  assert.ok([302, 303].includes(done.status), `the right code is accepted (status ${done.status}, ${done.error ?? 'no #error'})`);
  assert.equal(done.pathname, '/u/mfa-recovery-code', 'recovery codes are enabled: the recovery code is shown next');
  const rc = await confirmRecoveryCode(page, { screenshot: screenshot && screenshot.replace(/\.png$/, '-recovery-code.png') });
  assert.match(rc.recoveryCode || '', /^[A-Z0-9]{16,}$/, `#recovery-code: "${rc.recoveryCode}"`);
  assert.equal(rc.savedRequired, true, 'the "I have saved it" checkbox is required');
  return { secret, step, recoveryCode: rc.recoveryCode };
}

async function logsOf(type, userId) {
  const logs = await mgmt.logs(`type:${type} AND user_id:"${userId}"`);
  assert.ok(Array.isArray(logs), `GET /logs answers an array: ${JSON.stringify(logs).slice(0, 200)}`);
  return logs.filter((l) => l.type === type && l.user_id === userId);
}

test('1. scenario: the action sends the admin to OTP enrollment, the plain user logs in with a password only, the admin is challenged next time and a replayed code is refused', async (t) => {
  const admin = await newUser('mfa-admin', { admin: true });
  const plain = await newUser('mfa-user');

  let enrolled;
  await withBrowser(t, 'admin-enrolls', async (page, wire) => {
    await openSpa(page);
    const next = await startLogin(page, admin);
    assert.equal(next.pathname, '/u/mfa-otp-enrollment-qr', `after the password the admin is sent to enrollment, got ${next.href}`);
    enrolled = await enrollOtp(t, page, admin, { screenshot: path.join(ARTIFACTS, 'mfa-enrollment.png') });
    const { consent, claims } = await landInSpa(page, admin);
    assert.ok(consent, 'consent is asked for a localhost callback');
    assert.ok(amrOf(claims).includes('mfa'), `ID token amr contains "mfa": ${JSON.stringify(claims.amr)}`);
    assert.deepEqual(hostedPaths(wire), ['/u/login', '/u/mfa-otp-enrollment-qr', '/u/mfa-recovery-code', '/u/consent'], 'pages met');

    // the session remembers the MFA: silent authentication (iframe) needs nothing more
    const silent = await silentToken(page);
    assert.ok(silent.ok, `silent authentication after MFA: ${silent.error}: ${silent.description}`);
    const renewed = await page.evaluate(() => window.client.getIdTokenClaims());
    assert.ok(amrOf(renewed).includes('mfa'), `amr of the silently renewed ID token: ${JSON.stringify(renewed.amr)}`);
  });
  const methods = (await m.users.authenticationMethods.list(admin.id)).data;
  assert.ok(methods.some((x) => x.type === 'totp' && x.confirmed !== false), `authenticationMethods.list(admin) has a confirmed totp: ${JSON.stringify(methods)}`);
  assert.ok((await logsOf('gd_enrollment_complete', admin.id)).length >= 1, 'log gd_enrollment_complete for the admin');

  await withBrowser(t, 'user-password-only', async (page, wire) => {
    await openSpa(page);
    const next = await startLogin(page, plain);
    assert.ok(!next.pathname.startsWith('/u/mfa'), `the plain user is not asked for MFA (${next.href})`);
    const { claims } = await landInSpa(page, plain);
    assert.ok(!amrOf(claims).includes('mfa'), `no "mfa" in the plain user's amr: ${JSON.stringify(claims.amr)}`);
    assert.deepEqual(mfaPaths(wire), [], 'no MFA page on the way');
  });

  // Second login, twice at once (two browsers at the challenge page), so that the same code
  // can be replayed within its 30 s step.
  await withBrowser(t, 'admin-challenge', async (pageA, wireA) => {
    await withBrowser(t, 'admin-replay', async (pageB) => {
      for (const page of [pageA, pageB]) {
        await openSpa(page);
        const next = await startLogin(page, admin);
        assert.equal(next.pathname, '/u/mfa-otp-challenge', `an enrolled admin gets the challenge, not enrollment (${next.href})`);
        await page.waitForSelector('#code');
        const recoveryLink = await page.getAttribute('a#use-recovery-code', 'href');
        assert.ok(new URL(recoveryLink, page.url()).pathname === '/u/mfa-recovery-code-challenge', `a#use-recovery-code: ${recoveryLink}`);
      }
      await saveScreenshot(pageA, path.join(ARTIFACTS, 'mfa-challenge.png'));

      const { code, step } = await totpCode(enrolled.secret, { after: enrolled.step, minRemainingMs: 10000 });
      const first = await submitCode(pageA, code);
      assert.ok([302, 303].includes(first.status), `the code is accepted (status ${first.status}, ${first.error ?? 'no #error'})`);
      const replay = await submitCode(pageB, code);
      assert.equal(totpStep(), step, 'the replay happened inside the same 30 s step');
      assert.equal(replay.status, 400, `the replayed code is refused (status ${replay.status})`);
      assert.equal(replay.pathname, '/u/mfa-otp-challenge', 'still on the challenge page after the replay');
      assert.ok(replay.error, 'the refusal shows a message in #error');
      t.diagnostic(`replayed code: ${replay.status} "${replay.error}"`);

      const { claims } = await landInSpa(pageA, admin);
      assert.ok(amrOf(claims).includes('mfa'), `amr after the challenge: ${JSON.stringify(claims.amr)}`);
      assert.deepEqual(mfaPaths(wireA), ['/u/mfa-otp-challenge'], 'the second login meets the challenge only');

      // the refusal was about the replay: the next step's code is accepted
      const fresh = await totpCode(enrolled.secret, { after: step, minRemainingMs: 3000 });
      const second = await submitCode(pageB, fresh.code);
      assert.ok([302, 303].includes(second.status), `the next step's code is accepted (status ${second.status}, ${second.error ?? 'no #error'})`);
      await landInSpa(pageB, admin);
    });
  });
});

test('3. wrong codes are rejected with a readable message; the 10th blocks and the 11th try is refused even with the right code', async (t) => {
  const secret = generateSecret();
  const user = await newUser('mfa-locked', { admin: true, totpSecret: secret });
  await withBrowser(t, 'rate-limit', async (page) => {
    await openSpa(page);
    const next = await startLogin(page, user);
    assert.equal(next.pathname, '/u/mfa-otp-challenge', `a user enrolled through the Management API gets the challenge (${next.href})`);
    const answers = [];
    for (let i = 1; i <= 10; i++) answers.push(await submitCode(page, await wrongTotpCode(secret)));
    answers.slice(0, 9).forEach((a, i) => {
      assert.equal(a.status, 400, `wrong code #${i + 1}: status`);
      assert.equal(a.pathname, '/u/mfa-otp-challenge', `wrong code #${i + 1}: stays on the challenge`);
      assert.equal(a.error, INVALID_CODE, `wrong code #${i + 1}: #error`);
    });
    assert.ok(answers[9].status >= 400 && answers[9].status < 500, `wrong code #10: status ${answers[9].status}`);
    assert.match(answers[9].error || '', /Too many failed codes/, 'wrong code #10 says the codes are blocked');

    const { code } = await totpCode(secret, { minRemainingMs: 3000 });
    const eleventh = await submitCode(page, code);
    assert.ok(eleventh.status >= 400 && eleventh.status < 500, `11th try with the right code is refused (status ${eleventh.status})`);
    assert.equal(eleventh.pathname, '/u/mfa-otp-challenge', '11th try: still on the challenge');
    assert.match(eleventh.error || '', /Too many failed codes/, '11th try: #error');
    t.diagnostic(`wrong code #10: ${answers[9].status} "${answers[9].error}"; 11th (right code): ${eleventh.status} "${eleventh.error}"`);
  });
  // the block belongs to the user, not to the login transaction
  await withBrowser(t, 'rate-limit-new-login', async (page) => {
    await openSpa(page);
    const next = await startLogin(page, user);
    assert.equal(next.pathname, '/u/mfa-otp-challenge');
    const { code } = await totpCode(secret, { minRemainingMs: 3000 });
    const r = await submitCode(page, code);
    assert.ok(r.status >= 400 && r.status < 500, `right code in a new login while blocked: status ${r.status}`);
    assert.match(r.error || '', /Too many failed codes/, 'right code in a new login while blocked: #error');
  });
  assert.ok((await logsOf('gd_otp_rate_limit_exceed', user.id)).length >= 1, 'log gd_otp_rate_limit_exceed');
});

test('3. a recovery code logs in once, shows a new recovery code, and is refused the second time', async (t) => {
  const user = await newUser('mfa-recovery', { admin: true, totpSecret: generateSecret() });
  const { recovery_code: first } = await m.users.regenerateRecoveryCode(user.id);
  assert.match(first || '', /^[A-Z0-9]{16,}$/, `users.regenerateRecoveryCode: ${first}`);

  const useRecoveryCode = async (page, code) => {
    const next = await startLogin(page, user);
    assert.equal(next.pathname, '/u/mfa-otp-challenge', `challenge first (${next.href})`);
    await Promise.all([page.waitForURL((u) => u.pathname === '/u/mfa-recovery-code-challenge'), page.click('a#use-recovery-code')]);
    await page.waitForSelector('#code');
    return submitCode(page, code);
  };

  let second;
  await withBrowser(t, 'recovery-once', async (page) => {
    await openSpa(page, { rt: '1' });
    const r = await useRecoveryCode(page, first);
    assert.ok([302, 303].includes(r.status), `the recovery code is accepted (status ${r.status}, ${r.error ?? 'no #error'})`);
    assert.equal(r.pathname, '/u/mfa-recovery-code', 'a new recovery code is shown after using one');
    const rc = await confirmRecoveryCode(page, { screenshot: path.join(ARTIFACTS, 'mfa-new-recovery-code.png') });
    second = rc.recoveryCode;
    assert.match(second || '', /^[A-Z0-9]{16,}$/, `new #recovery-code: "${second}"`);
    assert.notEqual(second, first, 'the new recovery code differs from the used one');
    const { claims } = await landInSpa(page, user);
    assert.ok(amrOf(claims).includes('mfa'), `amr after a recovery code: ${JSON.stringify(claims.amr)}`);
    // refresh tokens keep working for a session that did MFA
    const refreshed = await silentToken(page);
    assert.ok(refreshed.ok, `refresh-token grant after MFA: ${refreshed.error}: ${refreshed.description}`);
  });

  await withBrowser(t, 'recovery-reused', async (page) => {
    await openSpa(page);
    const again = await useRecoveryCode(page, first);
    assert.equal(again.status, 400, `the used recovery code is refused (status ${again.status})`);
    assert.equal(again.pathname, '/u/mfa-recovery-code-challenge', 'still on the recovery-code page');
    assert.ok(again.error, '#error explains the refusal');
    t.diagnostic(`used recovery code: ${again.status} "${again.error}"`);
    const fresh = await submitCode(page, second);
    assert.ok([302, 303].includes(fresh.status), `the new recovery code works (status ${fresh.status}, ${fresh.error ?? 'no #error'})`);
    assert.equal(fresh.pathname, '/u/mfa-recovery-code', 'and is replaced in turn');
    await confirmRecoveryCode(page);
    await landInSpa(page, user);
  });
});

test('2. policy all-applications forces MFA on the plain user; removing the binding and the policy removes MFA for the admin', async (t) => {
  const plain = await newUser('mfa-policy-user');
  const admin = await newUser('mfa-policy-admin', { admin: true, totpSecret: generateSecret() });

  await withBrowser(t, 'policy-user', async (page, wire) => {
    await openSpa(page);
    const next = await startLogin(page, plain);
    assert.ok(!next.pathname.startsWith('/u/mfa'), `policy []: no MFA for the plain user (${next.href})`);
    const withoutMfa = await landInSpa(page, plain);
    assert.ok(!amrOf(withoutMfa.claims).includes('mfa'), `amr: ${JSON.stringify(withoutMfa.claims.amr)}`);

    dirty.policy = true;
    assert.deepEqual(await m.guardian.policies.set(['all-applications']), ['all-applications']);
    assert.deepEqual(await m.guardian.policies.list(), ['all-applications'], 'guardian.policies.list()');
    await sleep(TENANT_CACHE_MS);

    // the session has no MFA: silent authentication must not hand out tokens
    const silent = await silentToken(page);
    assert.equal(silent.ok, false, 'silent authentication without MFA in the session must fail');
    assert.equal(silent.error, 'login_required', `silent auth error: ${silent.error}: ${silent.description}`);
    assert.equal(silent.description, 'Multifactor authentication required', 'error_description (spa-js special-cases this text)');

    const again = await startLogin(page, plain);
    assert.equal(again.pathname, '/u/mfa-otp-enrollment-qr', `policy all-applications: the plain user is sent to enrollment (${again.href})`);
    await enrollOtp(t, page, plain, { wrongCodeFirst: true });
    const withMfa = await landInSpa(page, plain);
    assert.ok(amrOf(withMfa.claims).includes('mfa'), `amr after the forced MFA: ${JSON.stringify(withMfa.claims.amr)}`);
    assert.ok(mfaPaths(wire).includes('/u/mfa-otp-enrollment-qr'));
  });

  await withBrowser(t, 'policy-admin-before', async (page) => {
    await openSpa(page);
    const next = await startLogin(page, admin);
    assert.equal(next.pathname, '/u/mfa-otp-challenge', `with binding and policy the enrolled admin is challenged (${next.href})`);
  });

  const unbound = await m.actions.triggers.bindings.updateMany('post-login', { bindings: bindingRefs(otherBindings) });
  assert.ok(!unbound.bindings.some((b) => b.action?.id === seedAction.id), `the seed action is unbound: ${JSON.stringify(unbound)}`);
  dirty.binding = false;
  assert.deepEqual(await m.guardian.policies.set([]), []);
  dirty.policy = false;
  await sleep(TENANT_CACHE_MS);

  await withBrowser(t, 'policy-admin-after', async (page, wire) => {
    await openSpa(page);
    const next = await startLogin(page, admin);
    assert.ok(!next.pathname.startsWith('/u/mfa'), `without binding and policy the admin is not asked for MFA (${next.href})`);
    const { claims } = await landInSpa(page, admin);
    assert.ok(!amrOf(claims).includes('mfa'), `amr: ${JSON.stringify(claims.amr)}`);
    assert.deepEqual(mfaPaths(wire), [], 'no MFA page on the way');
  });
});
