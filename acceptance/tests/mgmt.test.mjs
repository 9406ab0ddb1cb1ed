// node-auth0 v7 (`ManagementClient`, the real npm package) against Portcullis: applications,
// APIs, users, roles, and the whole actions lifecycle (test, deploy, bind, edit, roll back,
// delete while bound). The SDK talks to https://{domain}/api/v2 and trusts the server's
// self-signed certificate through NODE_EXTRA_CA_CERTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementClient, ManagementError } from 'auth0';
import { useServer } from '../lib/server.mjs';
import { uniq } from '../lib/mgmt.mjs';

const SEED_ACTION = `exports.onExecutePostLogin = async (event, api) => {
  if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any");
};`;
const EDITED_ACTION = `exports.onExecutePostLogin = async (event, api) => {
  if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any", { allowRememberBrowser: true });
};`;

let mgmt;
let server;
const run = uniq();
const state = {};

before(async () => {
  server = await useServer();
  if (!process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error('node-auth0 uses Node\'s own fetch: run through scripts/acceptance.sh so NODE_EXTRA_CA_CERTS trusts the dev certificate');
  }
  mgmt = new ManagementClient({ domain: server.domain, clientId: server.mgmt.clientId, clientSecret: server.mgmt.clientSecret });
});

/** Runs `fn`, expecting the SDK to throw an error with HTTP `status`; returns the error. */
async function rejectsWith(status, fn) {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof ManagementError, `expected a ManagementError, got ${e}`);
    assert.equal(e.statusCode, status, `status: ${e.message}`);
    return e;
  }
  assert.fail(`expected HTTP ${status}, the call succeeded`);
}

test('creates a single-page application with the SDK', async () => {
  const origin = 'https://localhost:3443';
  const c = await mgmt.clients.create({
    name: `mgmt-spa-${run}`,
    app_type: 'spa',
    callbacks: [`${origin}/`],
    allowed_logout_urls: [`${origin}/`],
    web_origins: [origin],
    allowed_origins: [origin],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    oidc_conformant: true,
    jwt_configuration: { alg: 'RS256' },
    refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring' },
  });
  assert.match(c.client_id, /^\w{20,}$/);
  assert.equal(c.app_type, 'spa');
  assert.equal(c.token_endpoint_auth_method, 'none');
  assert.deepEqual(c.callbacks, [`${origin}/`]);
  state.clientId = c.client_id;
  const got = await mgmt.clients.get(c.client_id);
  assert.equal(got.name, `mgmt-spa-${run}`);
});

test('creates an API (resource server) with scopes', async () => {
  const identifier = `https://api-${run}.acceptance.test/`;
  const api = await mgmt.resourceServers.create({ identifier, name: `api-${run}`, scopes: [{ value: 'read:things', description: 'Read things' }] });
  assert.equal(api.identifier, identifier);
  assert.ok(api.id);
  state.apiId = api.id;
  const got = await mgmt.resourceServers.get(api.id);
  assert.deepEqual(got.scopes.map((s) => s.value), ['read:things']);
});

test('creates two users and finds one by email with the v3 search engine', async () => {
  const mk = (n) => mgmt.users.create({ connection: 'Username-Password-Authentication', email: `${n}-${run}@acceptance.test`, password: 'Correct-Horse-9!', email_verified: true });
  const admin = await mk('admin');
  const plain = await mk('plain');
  assert.match(admin.user_id, /^auth0\|/);
  assert.notEqual(admin.user_id, plain.user_id);
  state.admin = admin.user_id;
  state.plain = plain.user_id;
  assert.equal((await mgmt.users.get(admin.user_id)).email, `admin-${run}@acceptance.test`);
  const found = await mgmt.users.list({ q: `email:"admin-${run}@acceptance.test"`, search_engine: 'v3', include_totals: true });
  assert.deepEqual(found.data.map((u) => u.user_id), [admin.user_id]);
  assert.equal(found.response.total, 1);
});

// Another suite may hold a role "Admin" of its own; ours is removed at the end.
after(async () => {
  if (state.roleCreated) await mgmt.roles.delete(state.roleId);
});

test('creates the role Admin and assigns it to one user only', async () => {
  let role;
  try {
    role = await mgmt.roles.create({ name: 'Admin', description: 'Administrators' });
    state.roleCreated = true;
  } catch (e) {
    if (e.statusCode !== 409) throw e;
    role = (await mgmt.roles.list({ name_filter: 'Admin' })).data.find((r) => r.name === 'Admin');
  }
  assert.equal(role?.name, 'Admin');
  state.roleId = role.id;
  await mgmt.users.roles.assign(state.admin, { roles: [role.id] });
  const adminRoles = await mgmt.users.roles.list(state.admin);
  assert.deepEqual(adminRoles.data.map((r) => r.name), ['Admin']);
  const plainRoles = await mgmt.users.roles.list(state.plain);
  assert.deepEqual(plainRoles.data, []);
});

test('list calls with include_totals return the wrapped shapes', async () => {
  const roles = await mgmt.roles.list({ include_totals: true, per_page: 50, page: 0 });
  assert.ok(Array.isArray(roles.response.roles), `roles body: ${JSON.stringify(roles.response)}`);
  for (const k of ['start', 'limit', 'total']) assert.equal(typeof roles.response[k], 'number', `roles.${k}`);
  assert.ok(roles.data.some((r) => r.id === state.roleId));

  const users = await mgmt.users.list({ include_totals: true, per_page: 1, page: 0 });
  assert.equal(users.data.length, 1);
  assert.ok(users.response.total >= 2, `users total ${users.response.total}`);
  assert.equal(users.response.limit, 1);

  const clients = await mgmt.clients.list({ include_totals: true });
  assert.ok(Array.isArray(clients.response.clients));
  assert.ok(clients.data.some((c) => c.client_id === state.clientId));

  const apis = await mgmt.resourceServers.list({ include_totals: true });
  assert.ok(Array.isArray(apis.response.resource_servers));
  assert.ok(apis.data.some((r) => r.id === state.apiId));

  const members = await mgmt.roles.users.list(state.roleId);
  assert.deepEqual(members.data.map((u) => u.user_id), [state.admin]);
});

test('creates the seed post-login action, which builds', async () => {
  const a = await mgmt.actions.create({
    name: `require-mfa-for-admins-${run}`,
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    code: SEED_ACTION,
    runtime: 'node22',
    dependencies: [],
    secrets: [],
  });
  assert.ok(a.id);
  assert.deepEqual(a.supported_triggers.map((t) => [t.id, t.version]), [['post-login', 'v3']]);
  assert.equal(a.all_changes_deployed, false);
  state.actionId = a.id;
  const got = await waitBuilt(a.id);
  assert.equal(got.code, SEED_ACTION);
});

async function waitBuilt(id) {
  for (let i = 0; i < 50; i++) {
    const a = await mgmt.actions.get(id);
    if (a.status === 'built') return a;
    if (a.status === 'failed') assert.fail(`build failed: ${JSON.stringify(a.errors)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail('the action did not reach status built');
}

test('testing the action gives Admin one multifactor command and a user without roles none', async () => {
  const event = (roles) => ({
    user: { user_id: state.admin, email: `x-${run}@acceptance.test` },
    authorization: { roles },
    client: { client_id: state.clientId, name: 'spa' },
  });
  const admin = await mgmt.actions.test(state.actionId, { payload: event(['Admin']) });
  assert.equal(admin.payload.error ?? null, null, JSON.stringify(admin.payload));
  const mfa = admin.payload.commands.filter((c) => /multifactor/.test(JSON.stringify(c)));
  assert.equal(mfa.length, 1, JSON.stringify(admin.payload.commands));
  assert.equal(admin.payload.commands.length, 1);
  const none = await mgmt.actions.test(state.actionId, { payload: event([]) });
  assert.deepEqual(none.payload.commands, []);
});

test('deploys version 1 and binds it to post-login', async () => {
  const v1 = await mgmt.actions.deploy(state.actionId);
  assert.equal(v1.number, 1);
  assert.equal(v1.deployed, true);
  assert.equal(v1.code, SEED_ACTION);
  state.v1 = v1.id;
  const a = await mgmt.actions.get(state.actionId);
  assert.equal(a.all_changes_deployed, true);
  assert.equal(a.deployed_version?.id, v1.id);

  const bound = await mgmt.actions.triggers.bindings.updateMany('post-login', {
    bindings: [{ ref: { type: 'action_id', value: state.actionId }, display_name: 'require-mfa' }],
  });
  assert.equal(bound.bindings.length, 1);
  assert.equal(bound.bindings[0].action.id, state.actionId);
  const list = await mgmt.actions.triggers.bindings.list('post-login');
  assert.deepEqual(list.data.map((b) => b.display_name), ['require-mfa']);
  assert.equal(list.response.total, 1);

  const triggers = await mgmt.actions.triggers.list();
  const postLogin = triggers.triggers.find((t) => t.id === 'post-login');
  assert.equal(postLogin.version, 'v3');
});

test('an edit leaves the live version alone until version 2 is deployed', async () => {
  const edited = await mgmt.actions.update(state.actionId, { code: EDITED_ACTION });
  assert.equal(edited.all_changes_deployed, false);
  await waitBuilt(state.actionId);
  const v2 = await mgmt.actions.deploy(state.actionId);
  assert.equal(v2.number, 2);
  assert.equal(v2.code, EDITED_ACTION);
  state.v2 = v2.id;
  const versions = await mgmt.actions.versions.list(state.actionId);
  assert.deepEqual(versions.data.map((v) => v.number).sort(), [1, 2]);
  assert.equal(versions.response.total, 2);
  assert.equal((await mgmt.actions.versions.get(state.actionId, state.v1)).code, SEED_ACTION);
});

test('rolling back to version 1 deploys version 3 equal to version 1', async () => {
  const v3 = await mgmt.actions.versions.deploy(state.actionId, state.v1, {});
  assert.equal(v3.number, 3);
  assert.equal(v3.deployed, true);
  assert.equal(v3.code, SEED_ACTION);
  const a = await mgmt.actions.get(state.actionId);
  assert.equal(a.deployed_version?.number, 3);
  assert.equal(a.deployed_version?.code, SEED_ACTION);
  const listed = await mgmt.actions.list({ actionName: a.name });
  assert.equal(listed.data.length, 1);
  assert.equal(listed.response.total, 1);
});

test('deleting a bound action is refused with 409, and force deletes it with 204', async () => {
  const e = await rejectsWith(409, () => mgmt.actions.delete(state.actionId));
  assert.equal(e.body?.statusCode, 409);
  const raw = await mgmt.actions.delete(state.actionId, { force: true }).withRawResponse();
  assert.equal(raw.rawResponse.status, 204);
  await rejectsWith(404, () => mgmt.actions.get(state.actionId));
  const list = await mgmt.actions.triggers.bindings.list('post-login');
  assert.deepEqual(list.data, []);
});

test('errors come back in Auth0\'s body shape', async () => {
  const e = await rejectsWith(404, () => mgmt.users.get('auth0|does-not-exist'));
  assert.equal(e.body.statusCode, 404);
  assert.equal(e.body.error, 'Not Found');
  assert.equal(typeof e.body.message, 'string');
});
