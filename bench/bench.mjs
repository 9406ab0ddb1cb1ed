// The benchmark driver (started by bench/run.sh, pinned to the load generator's core).
// Starts Portcullis and the oidc-provider peer on the server core, provisions both the same
// way, drives every flow against both with the same generator and parameters, and prints one
// markdown table (also written to bench/RESULTS.md and bench/out/<run>/).
import fs from 'node:fs';
import os from 'node:os';
import crypto from 'node:crypto';
import path from 'node:path';
import { execFileSync, execSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { closedLoop, openLoop } from './lib/load.mjs';
import { startPinned, stop, memory, cpuSeconds, contextSwitches, rssSampler, probe, waitReady, raisePriority, coreTimes } from './lib/proc.mjs';
import { Client } from './lib/http.mjs';
import { clientCredentials, login, refresh, userinfo, jwtAlg } from './lib/flows.mjs';
import { API_RS, API_ES, startPortcullis, bootstrap, Mgmt, provision, createUsers, bindActions, actionSources, portcullisTarget, sqliteFile } from './lib/portcullis.mjs';
import { logMark, statementsSince, sqliteBytesPerRow, freshPostgres } from './lib/dbaudit.mjs';
import { invokeBench, signCost } from './lib/pieces.mjs';
import { renderReport } from './lib/report.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(HERE);
const E = process.env;
const num = (k, d) => (E[k] !== undefined && E[k] !== '' ? +E[k] : d);
const hashOf = (s) => { const [m, t, p] = s.split(',').map(Number); return { m, t, p }; };

const cfg = {
  bin: path.resolve(REPO, E.PORTCULLIS_BIN || 'target/release/portcullis'),
  serverCore: num('BENCH_SERVER_CORE', 1),
  generatorCore: num('BENCH_GENERATOR_CORE', 0),
  durationS: num('BENCH_DURATION_S', 4),
  pairedRounds: num('BENCH_PAIRED_ROUNDS', 8),
  satRounds: num('BENCH_SAT_ROUNDS', 4),
  rewarmMs: num('BENCH_REWARM_MS', 250),
  warmupS: num('BENCH_WARMUP_S', 1),
  connections: num('BENCH_CONNECTIONS', 16),
  loginConcurrency: num('BENCH_LOGIN_CONCURRENCY', 16),
  users: num('BENCH_USERS', 16),
  owasp: hashOf(E.BENCH_HASH_OWASP || '19456,2,1'),
  cheap: hashOf(E.BENCH_HASH_CHEAP || '256,1,1'),
  databaseUrl: E.BENCH_DATABASE_URL || '',
  flows: (E.BENCH_FLOWS || '').split(',').filter(Boolean),
  invoke: E.BENCH_INVOKE !== '0',
  perf: E.BENCH_PERF === '1',
  port: num('BENCH_PORT', 9443),
  peerPort: num('BENCH_PEER_PORT', 9444),
  echoPort: num('BENCH_ECHO_PORT', 9445),
  password: 'Bench-Passw0rd!',
};
const fetchUrl = `http://127.0.0.1:${cfg.echoPort}/profile`;

const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const OUT = path.join(HERE, 'out', stamp);
fs.mkdirSync(OUT, { recursive: true });
const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const pieces = { repo: REPO, bench: HERE, bin: cfg.bin, out: OUT, core: cfg.serverCore, log };
const children = [];
async function cleanup() { for (const c of children.reverse()) await stop(c); }
process.on('SIGINT', async () => { await cleanup(); process.exit(130); });
process.on('SIGTERM', async () => { await cleanup(); process.exit(143); });

// ---------------------------------------------------------------- flows
const ACTIONS5 = ['bench-seed', 'bench-claims', 'bench-fetch', 'bench-seed-2', 'bench-claims-2'];
const email = (t, set, n) => `${t.userPrefix[set]}${n % cfg.users}@bench.example`;
const FLOWS = [
  { id: 'cc-rs256', title: 'client_credentials, RS256 JWT', conc: 'connections', op: (t) => () => clientCredentials(t, API_RS) },
  { id: 'cc-es256', title: 'client_credentials, ES256 JWT', conc: 'connections', op: (t) => () => clientCredentials(t, API_ES) },
  { id: 'login-owasp', title: 'login (auth code + PKCE, password), Argon2id OWASP', conc: 'login', actions: [], op: (t, timing) => (n) => login(t, { email: email(t, 'owasp', n), password: cfg.password, audience: API_RS, timing }) },
  { id: 'login-cheap', title: 'login, cheap hash', conc: 'login', actions: [], op: (t, timing) => (n) => login(t, { email: email(t, 'cheap', n), password: cfg.password, audience: API_RS, timing }) },
  { id: 'login-cheap-1', title: 'login, cheap hash, +1 action (seed)', conc: 'login', actions: ['bench-seed'], base: 'login-cheap', n: 1, op: (t, timing) => (n) => login(t, { email: email(t, 'cheap', n), password: cfg.password, audience: API_RS, timing }) },
  { id: 'login-cheap-1f', title: 'login, cheap hash, +1 action (fetch)', conc: 'login', actions: ['bench-fetch'], base: 'login-cheap', n: 1, op: (t, timing) => (n) => login(t, { email: email(t, 'cheap', n), password: cfg.password, audience: API_RS, timing }) },
  { id: 'login-cheap-5', title: 'login, cheap hash, +5 actions', conc: 'login', actions: ACTIONS5, base: 'login-cheap', n: 5, op: (t, timing) => (n) => login(t, { email: email(t, 'cheap', n), password: cfg.password, audience: API_RS, timing }) },
  { id: 'refresh', title: 'refresh_token exchange (RS256)', conc: 'connections', op: (t) => (n) => refresh(t, t.refreshTokens[n % t.refreshTokens.length]) },
  { id: 'userinfo', title: 'userinfo', conc: 'connections', op: (t) => (n) => userinfo(t, t.userinfoTokens[n % t.userinfoTokens.length]) },
].filter((f) => !cfg.flows.length || cfg.flows.includes(f.id));

async function setActions(t, names) {
  if (t.name === 'Portcullis') return bindActions(t.mgmt, t.actions, names);
  const srcs = actionSources(fetchUrl);
  const r = await t.client.request('POST', '/__bench/actions', { json: { codes: names.map((n) => srcs[n]) } });
  if (r.status !== 204) throw new Error(`peer actions: ${r.status}`);
}

/**
 * The latency an action adds: both sides at the same server utilisation, in interleaved rounds
 * with the bindings switched between them (A B B A ...), so the guest's drift falls on both
 * sides alike; p50/p99 over all of a side's samples. The side without actions runs at 50% of its
 * saturation rate (the measurement point); the side with them at that rate scaled by the
 * ratio of their CPU per login, i.e. at the same utilisation. (50% of the with-side's own
 * saturation rate, as before, took a second throughput measurement made at another moment: on a
 * guest whose speed drifts it put the two sides up to 25% apart in load.)
 */
async function addedLatency(flow, t, op, baseSat, sat) {
  const without = Math.max(1, 0.5 * baseSat.per_s);
  const scale = baseSat.cpu_ms_per_op / sat.cpu_ms_per_op;
  const rates = { without, with: Math.max(1, without * (Number.isFinite(scale) && scale > 0 ? scale : 1)) };
  const rounds = Math.max(2, cfg.pairedRounds);
  const roundMs = (cfg.durationS * 1000 * 2) / rounds;
  const sides = { without: [], with: [] };
  const withSide = { ok: 0, errors: 0, seconds: 0, error_samples: {} };
  let errors = 0;
  for (let i = 0; i < rounds * 2; i++) {
    const side = (i % 4 === 0 || i % 4 === 3) ? 'without' : 'with';
    await setActions(t, side === 'with' ? flow.actions : []);
    const r = await openLoop(op, { rate: rates[side], durationMs: roundMs, keepSamples: true });
    sides[side].push(...r.samples);
    errors += r.errors;
    if (side === 'with') {
      withSide.ok += r.ok; withSide.errors += r.errors; withSide.seconds += r.seconds;
      for (const [m, k] of Object.entries(r.error_samples)) withSide.error_samples[m] = (withSide.error_samples[m] || 0) + k;
    }
  }
  const q = (a, p) => { a.sort((x, y) => x - y); return a.length ? a[Math.min(a.length - 1, Math.floor(p * a.length))] : NaN; };
  await setActions(t, flow.actions);
  return {
    rates, rounds, errors, n: [sides.without.length, sides.with.length],
    without_p50_ms: q(sides.without, 0.5), with_p50_ms: q(sides.with, 0.5), without_p99_ms: q(sides.without, 0.99), with_p99_ms: q(sides.with, 0.99),
    p50_ms: q(sides.with, 0.5) - q(sides.without, 0.5), p99_ms: q(sides.with, 0.99) - q(sides.without, 0.99),
    // The flow's own latency: the "with" rounds run it at about 50% of its saturation rate.
    with_lat: { ...withSide, rate: rates.with, per_s: withSide.ok / withSide.seconds, p50_ms: q(sides.with, 0.5), p95_ms: q(sides.with, 0.95), p99_ms: q(sides.with, 0.99), from: 'paired rounds, with side' },
  };
}

/** Binds the flow's actions, checks one operation and warms the server up (the other paused). */
async function prepareSide(flow, t, other) {
  const timing = { pwd: [] };
  const op = flow.op(t, timing);
  const concurrency = flow.conc === 'login' ? cfg.loginConcurrency : cfg.connections;
  // Every flow sets its own bindings (none for non-login flows): Portcullis also runs
  // post-login actions on refresh-token exchanges (as Auth0 does); the peer does not.
  await setActions(t, flow.actions || []);
  await alone(other, async () => {
    const check = await closedLoop(op, { concurrency: 1, durationMs: 60_000, maxOps: 1 });
    if (check.errors) throw new Error(`${flow.id} on ${t.name}: ${JSON.stringify(check.error_samples)}`);
    await closedLoop(op, { concurrency, durationMs: cfg.warmupS * 1000 });
  });
  const pid = t.pid();
  return { t, other, op, timing, concurrency, pid, rss: rssSampler(pid), perf: cfg.perf && t.name === 'Portcullis' ? perfStart(pid, `${t.label}-${flow.id}`) : null };
}

/**
 * Saturation throughput of every side in alternating rounds (A B B A A B B A: BENCH_SAT_ROUNDS
 * rounds each, `durationS` in all per side), each round after a short re-warm with the other
 * server paused, so the guest's drift over the minute falls on both servers alike instead of
 * on whichever ran during a slow spell. Sums operations, seconds, server CPU and context switches;
 * the throughput counts each round's steady span only (closedLoop's `steady`).
 */
async function saturate(sides) {
  const rounds = Math.max(1, cfg.satRounds);
  const roundMs = (cfg.durationS * 1000) / rounds;
  const acc = sides.map(() => ({ ok: 0, errors: 0, seconds: 0, cpu: 0, cs: 0, genCpu: 0, steadyOps: 0, steadySeconds: 0, idle: 0, iowait: 0, steal: 0, error_samples: {} }));
  for (let i = 0; i < rounds * sides.length; i++) {
    const k = sides.length === 1 ? 0 : (i % 4 === 0 || i % 4 === 3) ? 0 : 1;
    const s = sides[k], a = acc[k];
    await alone(s.other, async () => {
      await closedLoop(s.op, { concurrency: s.concurrency, durationMs: cfg.rewarmMs });
      const c0 = cpuSeconds(s.pid), cs0 = contextSwitches(s.pid), k0 = coreTimes(cfg.serverCore);
      const r = await closedLoop(s.op, { concurrency: s.concurrency, durationMs: roundMs });
      const k1 = coreTimes(cfg.serverCore);
      a.cpu += cpuSeconds(s.pid) - c0; a.cs += contextSwitches(s.pid) - cs0;
      a.idle += k1.idle - k0.idle; a.iowait += k1.iowait - k0.iowait; a.steal += k1.steal - k0.steal;
      a.ok += r.ok; a.errors += r.errors; a.seconds += r.seconds; a.genCpu += r.generator_cpu * r.seconds;
      a.steadyOps += r.steady.ops; a.steadySeconds += r.steady.seconds;
      for (const [m, n] of Object.entries(r.error_samples)) a.error_samples[m] = (a.error_samples[m] || 0) + n;
    });
  }
  for (const s of sides) if (s.perf) await s.perf.stop();
  return acc.map((a) => ({
    // Throughput: completions while every worker was busy (closedLoop's `steady`); CPU per
    // operation: all the server's CPU of the rounds over all their operations.
    ok: a.ok, errors: a.errors, seconds: a.seconds, rounds, per_s: a.steadyOps / a.steadySeconds, error_samples: a.error_samples,
    generator_cpu: a.genCpu / a.seconds, cpu_ms_per_op: (a.cpu * 1000) / a.ok, server_util: a.cpu / a.seconds, ctx_switches_per_op: a.cs / a.ok,
    // The server core's time not spent running anything: idle, waiting for I/O, stolen by the host.
    core_idle: a.idle / a.seconds, core_iowait: a.iowait / a.seconds, core_steal: a.steal / a.seconds,
  }));
}

/**
 * Latency at 50% of the side's saturation rate, and the latency its actions add (other paused).
 * A flow with actions gets both from the interleaved rounds of addedLatency, whose "with" side
 * runs it at about 50% of its own saturation (a separate run would measure the same thing again).
 */
async function finishSide(flow, s, sat, done) {
  const { t, op, timing, pid } = s;
  return alone(s.other, async () => {
    timing.pwd.length = 0;
    const c0 = cpuSeconds(pid);
    const paired = flow.base && done[flow.base];
    const added = paired ? await addedLatency(flow, t, op, done[flow.base].sat, sat) : undefined;
    const lat = paired ? added.with_lat : await openLoop(op, { rate: Math.max(1, 0.5 * sat.per_s), durationMs: cfg.durationS * 1000 });
    if (!paired) {
      const c1 = cpuSeconds(pid);
      lat.cpu_ms_per_op = ((c1 - c0) * 1000) / lat.ok;
      lat.server_util = (c1 - c0) / lat.seconds;
    }
    const pwd = timing.pwd.sort((a, b) => a - b);
    lat.pwd_p50_ms = pwd.length ? pwd[Math.floor(pwd.length / 2)] : NaN;
    const r = { sat, lat, rss_max_mib: s.rss.stop() };
    if (added) r.added = added;
    log(`${flow.id.padEnd(15)} ${t.name.padEnd(13)} ${sat.per_s.toFixed(0).padStart(6)}/s  cpu ${sat.cpu_ms_per_op.toFixed(3)} ms/op  util ${(sat.server_util * 100).toFixed(0)}% (core idle ${(sat.core_idle * 100).toFixed(0)}% iowait ${(sat.core_iowait * 100).toFixed(0)}% steal ${(sat.core_steal * 100).toFixed(0)}%)  cs ${sat.ctx_switches_per_op.toFixed(1)}/op  gen ${(sat.generator_cpu * 100).toFixed(0)}%  @50%: p50 ${lat.p50_ms.toFixed(2)} p99 ${lat.p99_ms.toFixed(2)} ms  errors ${sat.errors + lat.errors}`);
    if (sat.errors + lat.errors) log('  errors:', JSON.stringify({ ...sat.error_samples, ...lat.error_samples }));
    return r;
  });
}

/** BENCH_PERF=1: a flat `perf` profile of Portcullis during each saturation run. */
function perfStart(pid, name) {
  const data = path.join(OUT, `perf-${name}.data`);
  const child = spawn('perf', ['record', '-q', '-e', 'cpu-clock', '-F', '1999', '-g', '-p', String(pid), '-o', data], { stdio: 'ignore' });
  return {
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => child.on('exit', r));
      try {
        const rep = execFileSync('perf', ['report', '-i', data, '--stdio', '--no-children', '-g', 'none', '--sort', 'dso,symbol', '--percent-limit', '0.5'], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] });
        fs.writeFileSync(path.join(OUT, `perf-${name}.txt`), rep);
      } catch (e) { log(`perf report failed: ${e.message}`); }
    },
  };
}

// ---------------------------------------------------------------- conditions
function conditions() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [, '?'])[1];
  const sh = (c) => { try { return execSync(c, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return '?'; } };
  return {
    date: new Date().toISOString(), cpu, cores: os.cpus().length, mem_gib: (os.totalmem() / 2 ** 30).toFixed(0), kernel: os.release(),
    node: process.version, rustc: sh('rustc --version'), git: sh(`git -C ${REPO} rev-parse --short HEAD`) + (sh(`git -C ${REPO} status --porcelain -- crates`) ? ' (+ uncommitted changes in crates/)' : ''),
    oidc_provider: JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules/oidc-provider/package.json'), 'utf8')).version,
    load_before: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
}

// ---------------------------------------------------------------- Portcullis
async function setupPortcullis(databaseUrl, label) {
  const dataDir = path.join(OUT, `portcullis-${label}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(OUT, `portcullis-${label}.log`);
  const common = { bin: cfg.bin, core: cfg.serverCore, dataDir, port: cfg.port, databaseUrl, logFile };
  log(`Portcullis (${label}): first start (fresh data dir)`);
  let s = await startPortcullis({ ...common, hash: cfg.owasp });
  const first = { wall_ms: s.wallMs, startup_ms: s.startupMs, rss_mib: memory(s.child.pid).rss_mib };
  const ca = fs.readFileSync(path.join(dataDir, 'tls', 'cert.pem'));
  const boot = bootstrap(common);
  let client = new Client(`https://localhost:${cfg.port}`, ca, 4);
  let mgmt = new Mgmt(client, boot);
  const prov = await provision(mgmt, { fetchUrl });
  log(`Portcullis (${label}): ${cfg.users} users with Argon2id m=${cfg.owasp.m} t=${cfg.owasp.t} p=${cfg.owasp.p}`);
  await createUsers(mgmt, 'bench', cfg.users, cfg.password);
  await client.close();
  await stop(s.child);
  // Restart with the cheap setting: users created from now on get cheap hashes; existing
  // hashes keep the parameters written in them (verification reads them from the PHC string).
  log(`Portcullis (${label}): restart (existing data), cheap hash setting for new users`);
  s = await startPortcullis({ ...common, hash: cfg.cheap });
  const restart = { wall_ms: s.wallMs, startup_ms: s.startupMs, rss_mib: memory(s.child.pid).rss_mib };
  children.push(s.child);
  client = new Client(`https://localhost:${cfg.port}`, ca, 4);
  mgmt = new Mgmt(client, boot);
  await createUsers(mgmt, 'cheap', cfg.users, cfg.password);
  const t = portcullisTarget({ port: cfg.port, ca, prov, connections: cfg.connections });
  Object.assign(t, { mgmt, actions: prov.actions, child: s.child, pid: () => t.child.pid, dataDir, logFile, ca, common, databaseUrl, label });
  return { t, startup: { first, restart } };
}

// ---------------------------------------------------------------- peer
async function startPeer(ca, certFile, keyFile) {
  const logFile = path.join(OUT, 'peer.log');
  const jwksFile = path.join(OUT, 'peer-jwks.json');
  const gen = (type, o) => crypto.generateKeyPairSync(type, o).privateKey.export({ format: 'jwk' });
  fs.writeFileSync(jwksFile, JSON.stringify([gen('rsa', { modulusLength: 2048 }), gen('ec', { namedCurve: 'P-256' })]), { mode: 0o600 });
  const child = startPinned(cfg.serverCore, process.execPath, [path.join(HERE, 'peer.mjs')], {
    logFile,
    env: { PEER_PORT: String(cfg.peerPort), PEER_JWKS: jwksFile, PEER_CERT: certFile, PEER_KEY: keyFile, USERS: String(cfg.users), BENCH_PASSWORD: cfg.password,
      HASH_OWASP: `${cfg.owasp.m},${cfg.owasp.t},${cfg.owasp.p}`, HASH_CHEAP: `${cfg.cheap.m},${cfg.cheap.t},${cfg.cheap.p}` },
  });
  children.push(child);
  const host = `localhost:${cfg.peerPort}`;
  const wall = await waitReady(child, async () => (await probe(cfg.peerPort, '/.well-known/openid-configuration', host)) === 200);
  await waitReady(child, async () => fs.readFileSync(logFile, 'utf8').includes('"event":"users"'), 120_000, 50);
  const t = {
    name: 'oidc-provider', client: new Client(`https://${host}`, ca, cfg.connections),
    authorizePath: '/auth', tokenPath: '/token', userinfoPath: '/me', audienceParam: 'resource',
    m2m: { id: 'm2m', secret: 'm2m-secret' }, web: { id: 'web', secret: 'web-secret' }, refreshExtra: { prompt: 'consent' },
    userPrefix: { owasp: 'bench', cheap: 'cheap' }, child, pid: () => child.pid,
  };
  const disc = JSON.parse((await t.client.request('GET', '/.well-known/openid-configuration')).text);
  for (const [k, p] of [['authorization_endpoint', t.authorizePath], ['token_endpoint', t.tokenPath], ['userinfo_endpoint', t.userinfoPath]]) {
    if (new URL(disc[k]).pathname !== p) throw new Error(`peer ${k} is ${disc[k]}`);
  }
  const startupLine = fs.readFileSync(logFile, 'utf8').split('\n').find((l) => l.includes('"listening"'));
  return { t, startup: { wall_ms: wall, startup_ms: JSON.parse(startupLine).startup_ms } };
}

/** Tokens the refresh and userinfo flows replay, and the algorithms really used. */
async function prepareTokens(t) {
  t.refreshTokens = [];
  for (let i = 0; i < 4; i++) {
    const j = await login(t, { email: email(t, 'cheap', i), password: cfg.password, audience: API_RS, scope: 'openid profile email offline_access', extra: t.refreshExtra });
    if (!j.refresh_token) throw new Error(`${t.name}: no refresh token from an offline_access login`);
    t.refreshTokens.push(j.refresh_token);
  }
  t.userinfoTokens = [];
  for (let i = 0; i < 4; i++) t.userinfoTokens.push((await login(t, { email: email(t, 'cheap', i), password: cfg.password })).access_token);
  const rs = await clientCredentials(t, API_RS);
  const es = await clientCredentials(t, API_ES);
  const l = await login(t, { email: email(t, 'cheap', 0), password: cfg.password, audience: API_RS });
  const r = await refresh(t, t.refreshTokens[0]);
  return { cc_rs256: jwtAlg(rs.access_token), cc_es256: jwtAlg(es.access_token), login_access: jwtAlg(l.access_token), login_id: jwtAlg(l.id_token), refresh_access: jwtAlg(r.access_token), refresh_id: r.id_token ? jwtAlg(r.id_token) : 'none', userinfo_token: jwtAlg(t.userinfoTokens[0]) };
}

/** Database statements per operation (Portcullis) and store writes per operation (peer). */
async function dbAudit(pc, peer) {
  const N = 20;
  log('database audit: restarting Portcullis with the statement log on');
  await stop(pc.child);
  const s = await startPortcullis({ ...pc.common, hash: cfg.cheap, extraEnv: { PORTCULLIS_LOG: 'info,portcullis::sql=debug' } });
  pc.child = s.child;
  children.push(s.child);
  const audit = { restart2: { wall_ms: s.wallMs, startup_ms: s.startupMs } };
  await setActions(pc, []);
  await setActions(peer, []);
  const ops = {
    login: (t, i) => login(t, { email: email(t, 'cheap', i), password: cfg.password, audience: API_RS }),
    cc: (t) => clientCredentials(t, API_RS),
    refresh: (t, i) => refresh(t, t.refreshTokens[i % t.refreshTokens.length]),
    userinfo: (t, i) => userinfo(t, t.userinfoTokens[i % t.userinfoTokens.length]),
    login_1fetch: (t, i) => login(t, { email: email(t, 'cheap', i), password: cfg.password, audience: API_RS }),
  };
  for (const [name, op] of Object.entries(ops)) {
    if (name === 'login_1fetch') { await setActions(pc, ['bench-fetch']); await setActions(peer, ['bench-fetch']); }
    await op(pc, 0);
    await new Promise((r) => setTimeout(r, 300));
    const mark = logMark(pc.logFile);
    for (let i = 0; i < N; i++) await op(pc, i);
    await new Promise((r) => setTimeout(r, 500));
    const st = statementsSince(pc.logFile, mark);
    const per = (x) => x / N;
    audit[name] = { pc: { statements: per(st.total), writes: per(st.writes), reads: per(st.reads), rows_written: per(st.rows_written), tx: per(st.tx), by_kind: Object.fromEntries(Object.entries(st.by_kind).map(([k, v]) => [k, per(v)])), by_statement: Object.fromEntries(Object.entries(st.by_statement).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, per(v)])) } };
    const before = JSON.parse((await peer.client.request('GET', '/__bench/stats')).text).store;
    for (let i = 0; i < N; i++) await op(peer, i);
    const after = JSON.parse((await peer.client.request('GET', '/__bench/stats')).text).store;
    audit[name].peer = { writes: (after.writes - before.writes) / N, upserts: (after.upsert - before.upsert) / N };
  }
  await setActions(pc, []);
  await setActions(peer, []);
  if (!pc.databaseUrl) audit.session = sqliteBytesPerRow(sqliteFile(pc.dataDir), 'sessions');
  return audit;
}

/** Runs `fn` with the other server paused (SIGSTOP), so nothing it does while idle
 * (Node's garbage collection after a load, timers) takes the shared server core. */
async function alone(other, fn) {
  process.kill(other.pid(), 'SIGSTOP');
  try { return await fn(); } finally { process.kill(other.pid(), 'SIGCONT'); }
}

// ---------------------------------------------------------------- main
async function main() {
  const t0 = performance.now();
  const cond = { ...conditions(), cfg };
  log(`run ${stamp}: ${cond.cpu}, ${cond.cores} cores; server core ${cfg.serverCore}, generator core ${cfg.generatorCore}; out ${OUT}`);
  const echo = startPinned(cfg.generatorCore, process.execPath, [path.join(HERE, 'echo-server.mjs')], { env: { ECHO_PORT: String(cfg.echoPort) }, logFile: path.join(OUT, 'echo.log') });
  children.push(echo);
  // The endpoint stands for an outside service: the load generator on the same core must not
  // delay its answers (that would show up as the fetch action's latency, on both servers).
  cond.echoPriority = raisePriority(echo.pid);

  const results = { cond, backends: [], sign: { start: signCost(pieces) } };
  const backends = [['sqlite', '']];
  let pg = null;
  if (cfg.databaseUrl) { pg = freshPostgres(cfg.databaseUrl); backends.push(['postgres', pg.url]); }

  let peer = null;
  try {
    for (const [label, url] of backends) {
      const { t: pc, startup } = await setupPortcullis(url, label);
      if (!peer) {
        const dataDir = pc.dataDir;
        log('peer: starting oidc-provider (same certificate, same hash parameters)');
        peer = await startPeer(pc.ca, path.join(dataDir, 'tls', 'cert.pem'), path.join(dataDir, 'tls', 'key.pem'));
        peer.algs = await prepareTokens(peer.t);
        await new Promise((r) => setTimeout(r, 1000));
        peer.idle_rss_mib = memory(peer.t.pid()).rss_mib;
        peer.flows = {};
      }
      const algs = await prepareTokens(pc);
      await new Promise((r) => setTimeout(r, 1000));
      const idle = memory(pc.pid()).rss_mib;
      const b = { label, startup, idle_rss_mib: idle, algs, flows: {} };
      results.backends.push(b);
      log(`${label}: algorithms Portcullis ${JSON.stringify(algs)}; peer ${JSON.stringify(peer.algs)}`);
      for (const flow of FLOWS) {
        // The peer is measured once (with the first backend), in rounds alternating with Portcullis.
        const withPeer = !peer.flows[flow.id];
        const sides = [await prepareSide(flow, pc, peer.t)];
        if (withPeer) sides.push(await prepareSide(flow, peer.t, pc));
        const sats = await saturate(sides);
        b.flows[flow.id] = await finishSide(flow, sides[0], sats[0], b.flows);
        if (withPeer) peer.flows[flow.id] = await finishSide(flow, sides[1], sats[1], peer.flows);
      }
      b.rss_hwm_mib = memory(pc.pid()).hwm_mib;
      b.db = await dbAudit(pc, peer.t);
      await stop(pc.child);
      await pc.client.close();
    }
    peer.rss_hwm_mib = memory(peer.t.pid()).hwm_mib;
    results.peer = { startup: peer.startup, idle_rss_mib: peer.idle_rss_mib, rss_hwm_mib: peer.rss_hwm_mib, algs: peer.algs, flows: peer.flows };
    await peer.t.client.close();
  } finally {
    await cleanup();
    if (pg) pg.drop();
  }
  results.sign.end = signCost(pieces);
  if (cfg.invoke) results.invoke = invokeBench(pieces);
  results.cond.load_after = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  results.cond.wall_s = (performance.now() - t0) / 1000;
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2));
  const md = renderReport(results, FLOWS);
  fs.writeFileSync(path.join(OUT, 'RESULTS.md'), md);
  if (!cfg.flows.length) fs.writeFileSync(path.join(HERE, 'RESULTS.md'), md);
  console.log(md);
  log(`done in ${results.cond.wall_s.toFixed(0)} s; raw results ${path.join(OUT, 'results.json')}`);
}

main().catch(async (e) => { console.error(e); await cleanup(); process.exit(1); });
