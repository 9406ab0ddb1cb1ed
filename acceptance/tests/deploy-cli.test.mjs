// auth0-deploy-cli (`a0deploy`, the real npm package) against Portcullis: import
// tests/tenant/tenant.yaml (an SPA, a role, a post-login and a credentials-exchange action with
// their bindings), export it again and compare with the input, then import the same file a second
// time and check that nothing new was created.
//
// Each import costs ~35-50 s and ~2 GB of memory (the CLI compiles its JSON schema), so the file
// runs exactly two imports and two (full-tenant) exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { useServer, ACCEPTANCE_DIR } from '../lib/server.mjs';
import { Mgmt } from '../lib/mgmt.mjs';

const FIXTURE_DIR = path.join(ACCEPTANCE_DIR, 'tests', 'tenant');
const FIXTURE = path.join(FIXTURE_DIR, 'tenant.yaml');
const A0DEPLOY = path.join(ACCEPTANCE_DIR, 'node_modules', 'auth0-deploy-cli', 'lib', 'index.js');
const PREFIX = 'deploy-cli-';
// The CLI reads and writes every resource type (Portcullis answers the ones it does not offer
// the way Auth0 answers a tenant without them). DEPLOY_CLI_INCLUDED_ONLY=1 limits it to the
// fixture's types, e.g. to tell a server gap from a fixture problem.
const FIXTURE_TYPES = ['clients', 'roles', 'actions', 'triggers'];

let server;
let mgmt;
let work;
const runs = {};

before(async () => {
  server = await useServer();
  if (!process.env.NODE_EXTRA_CA_CERTS) throw new Error('run through scripts/acceptance.sh so NODE_EXTRA_CA_CERTS trusts the dev certificate');
  mgmt = new Mgmt(server);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'acceptance-deploy-cli-'));
});

// Leave the tenant as the other suites expect it: no bindings, actions, role or client of ours.
after(async () => {
  if (!mgmt) return;
  for (const t of ['post-login', 'credentials-exchange']) {
    const { bindings } = await mgmt.call('GET', `/actions/triggers/${t}/bindings`);
    const keep = bindings.filter((b) => !b.action?.name?.startsWith(PREFIX));
    if (keep.length !== bindings.length) {
      await mgmt.call('PATCH', `/actions/triggers/${t}/bindings`, { bindings: keep.map((b) => ({ ref: { type: 'action_id', value: b.action.id }, display_name: b.display_name })) });
    }
  }
  const ids = await snapshotIds();
  for (const id of ids.actions) await mgmt.call('DELETE', `/actions/actions/${id}?force=true`);
  for (const id of ids.roles) await mgmt.call('DELETE', `/roles/${id}`);
  for (const id of ids.clients) await mgmt.call('DELETE', `/clients/${id}`);
  fs.rmSync(work, { recursive: true, force: true });
});

/** Runs `a0deploy <args>` with the tenant's credentials; resolves to {stdout, stderr}. */
function a0deploy(args, { extraEnv = {} } = {}) {
  const config = path.join(work, 'config.json');
  fs.writeFileSync(config, JSON.stringify({
    AUTH0_DOMAIN: server.domain,
    AUTH0_CLIENT_ID: server.mgmt.clientId,
    AUTH0_CLIENT_SECRET: server.mgmt.clientSecret,
    AUTH0_ALLOW_DELETE: false,
    ...(process.env.DEPLOY_CLI_INCLUDED_ONLY === '1' ? { AUTH0_INCLUDED_ONLY: FIXTURE_TYPES } : {}),
  }));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [A0DEPLOY, ...args, '-c', config], {
      env: { ...process.env, ...extraEnv, AUTH0_DEBUG: 'false' },
      timeout: 240000,
      maxBuffer: 32 * 1024 * 1024,
    }, (err, stdout, stderr) => {
      const out = { stdout: String(stdout), stderr: String(stderr) };
      if (err) {
        err.message += `\n--- a0deploy ${args[0]} stdout ---\n${out.stdout.slice(-6000)}\n--- stderr ---\n${out.stderr.slice(-6000)}`;
        return reject(err);
      }
      resolve(out);
    });
  });
}

async function exportYaml(name) {
  const dir = path.join(work, name);
  await a0deploy(['export', '-f', 'yaml', '-o', dir]);
  const file = path.join(dir, 'tenant.yaml');
  const doc = yaml.load(fs.readFileSync(file, 'utf8'));
  return { dir, doc };
}

/** The fixture's part of an exported (or the input) document, in a comparable form. */
function ours(doc, baseDir) {
  const named = (list = []) => list.filter((x) => x.name?.startsWith(PREFIX)).sort((a, b) => a.name.localeCompare(b.name));
  const code = (p) => fs.readFileSync(path.resolve(baseDir, p), 'utf8').trim();
  return {
    clients: named(doc.clients),
    roles: named(doc.roles).map(({ name, description, permissions = [] }) => ({ name, description, permissions })),
    actions: named(doc.actions).map((a) => ({
      name: a.name,
      code: code(a.code),
      runtime: a.runtime,
      deployed: a.deployed,
      dependencies: a.dependencies ?? [],
      secrets: a.secrets ?? [],
      supported_triggers: a.supported_triggers,
    })),
    triggers: Object.fromEntries(
      Object.entries(doc.triggers || {})
        .map(([t, list]) => [t, (list || []).filter((b) => b.action_name?.startsWith(PREFIX))])
        .filter(([, list]) => list.length),
    ),
  };
}

/** `want` with only the keys of `shape`, recursively through plain objects. */
function pick(want, shape) {
  if (!shape || typeof shape !== 'object' || Array.isArray(shape) || !want || typeof want !== 'object') return want;
  return Object.fromEntries(Object.keys(shape).map((k) => [k, pick(want[k], shape[k])]));
}

/** Every key the fixture sets on a client comes back with the same value (Auth0 adds defaults
 * such as refresh_token.token_lifetime, which the fixture does not mention). */
function assertClientsMatch(input, exported) {
  assert.deepEqual(exported.map((c) => c.name), input.map((c) => c.name));
  input.forEach((want, i) => assert.deepEqual(pick(exported[i], want), want, `client ${want.name}`));
}

async function snapshotIds() {
  const clients = (await mgmt.call('GET', '/clients?per_page=100')).filter((c) => c.name?.startsWith(PREFIX));
  const roles = (await mgmt.call('GET', '/roles?per_page=100')).filter((r) => r.name.startsWith(PREFIX));
  const actions = (await mgmt.call('GET', '/actions/actions?per_page=100')).actions.filter((a) => a.name.startsWith(PREFIX));
  const bindings = {};
  for (const t of ['post-login', 'credentials-exchange']) {
    bindings[t] = (await mgmt.call('GET', `/actions/triggers/${t}/bindings`)).bindings.map((b) => [b.id, b.action?.name]);
  }
  return {
    clients: clients.map((c) => c.client_id).sort(),
    roles: roles.map((r) => r.id).sort(),
    actions: actions.map((a) => a.id).sort(),
    bindings,
  };
}

test('a0deploy imports the fixture: SPA, role, two actions deployed and bound', async () => {
  const { stdout } = await a0deploy(['import', '-i', FIXTURE]);
  runs.firstImport = stdout;
  const ids = await snapshotIds();
  assert.equal(ids.clients.length, 1, 'one deploy-cli SPA');
  assert.equal(ids.roles.length, 1, 'one deploy-cli role');
  assert.equal(ids.actions.length, 2, 'two deploy-cli actions');
  assert.deepEqual(ids.bindings['post-login'].map((b) => b[1]), ['deploy-cli-add-roles-claim']);
  assert.deepEqual(ids.bindings['credentials-exchange'].map((b) => b[1]), ['deploy-cli-m2m-tier-claim']);
  const actions = (await mgmt.call('GET', '/actions/actions?per_page=100')).actions.filter((a) => a.name.startsWith(PREFIX));
  for (const a of actions) {
    assert.equal(a.all_changes_deployed, true, `${a.name} all_changes_deployed`);
    assert.equal(a.deployed_version?.deployed, true, `${a.name} deployed_version`);
  }
  runs.ids = ids;
});

test('a0deploy exports the same content it imported', async () => {
  const input = ours(yaml.load(fs.readFileSync(FIXTURE, 'utf8')), FIXTURE_DIR);
  const { dir, doc } = await exportYaml('export-1');
  const out = ours(doc, dir);
  runs.firstExport = out;
  assertClientsMatch(input.clients, out.clients);
  assert.deepEqual(out.roles, input.roles);
  assert.deepEqual(out.actions, input.actions);
  assert.deepEqual(out.triggers, input.triggers);
});

test('a second import of the same file succeeds and creates nothing', async () => {
  const { stdout } = await a0deploy(['import', '-i', FIXTURE]);
  assert.doesNotMatch(stdout, /Created \[/, 'the second import must not create resources');
  assert.deepEqual(await snapshotIds(), runs.ids);
  const { dir, doc } = await exportYaml('export-2');
  assert.deepEqual(ours(doc, dir), runs.firstExport);
});
