// Pieces measured alone on the server core, outside the HTTP flows: one signature of each
// algorithm (Portcullis' signing bench and Node.js crypto) and one action invocation (Portcullis'
// sandbox against Node.js `vm` and isolated-vm). `ctx`: { repo, bench, bin, out, core, log }.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

/** A bench binary of crates/bench: next to the server binary under test (bench/run.sh builds
 * them together), else the default release build's (a PORTCULLIS_BIN built alone, such as a
 * frame-pointer build for profiling). */
function piece(ctx, name) {
  const dirs = [path.dirname(ctx.bin), path.join(ctx.repo, 'target', 'release')];
  const p = dirs.map((d) => path.join(d, name)).find((f) => fs.existsSync(f));
  if (!p) throw new Error(`${name} is missing in ${dirs.join(' and ')}: build it with the server, cargo build --release -p portcullis-server -p portcullis-bench`);
  return p;
}

const pinned = (ctx, cmd, args, maxBuffer) =>
  execFileSync('taskset', ['-c', String(ctx.core), cmd, ...args], { cwd: ctx.repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer });

/** crates/bench's `portcullis-bench-invoke`, its table's rows parsed. */
export function invokeBench(ctx) {
  ctx.log('action invocation alone: portcullis-bench-invoke (pinned to the server core)');
  try {
    const out = pinned(ctx, piece(ctx, 'portcullis-bench-invoke'), [], 1 << 24);
    fs.writeFileSync(path.join(ctx.out, 'invoke.md'), out);
    const row = (name) => { const l = out.split('\n').find((x) => x.startsWith(`| ${name}`)); if (!l) return null; const c = l.split('|').map((x) => x.trim()); return { p50_us: +c[2], p99_us: +c[3], per_s: +c[4] }; };
    return { fresh: row('fresh runtime per call (restored'), fresh_exec: row('fresh, executor (restorable runtimes), sequential'), warm: row('warm, in-thread'), node: row('Node.js vm, fresh context per call'), ivm: row('isolated-vm, fresh isolate per call'), raw: out };
  } catch (e) {
    return { error: String(e.stderr || e.message).slice(-400) };
  }
}

/** What one signature costs each side on the server core, now: Portcullis' signing bench
 * (crates/bench's `portcullis-bench-sign`) and Node.js crypto (bench/sign-cost.mjs).
 * Taken at the start and at the end of the run: the guest's speed drifts. */
export function signCost(ctx) {
  const r = {};
  try {
    const out = pinned(ctx, piece(ctx, 'portcullis-bench-sign'), [], 1 << 22);
    const us = (name) => { const l = out.split('\n').find((x) => x.startsWith(name)); return l ? +l.trim().split(/\s+/).pop() : NaN; };
    r.pc = { rs256_us: us('RS256 sign'), es256_us: us('ES256 sign') };
  } catch (e) { r.pc_error = String(e.stderr || e.message).slice(-300); }
  try {
    r.node = JSON.parse(pinned(ctx, process.execPath, [path.join(ctx.bench, 'sign-cost.mjs')], 1 << 22));
  } catch (e) { r.node_error = String(e.stderr || e.message).slice(-300); }
  ctx.log(`one signature alone, server core: Portcullis ${JSON.stringify(r.pc || r.pc_error)}; Node.js ${JSON.stringify(r.node || r.node_error)}`);
  return r;
}
