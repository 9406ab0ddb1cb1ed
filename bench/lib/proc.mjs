// Processes under test: start pinned to a core, read their memory and CPU time from /proc,
// wait for readiness, stop them (only the processes this harness started, by pid).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import https from 'node:https';

const TICKS = 100; // USER_HZ on Linux

/** Starts `cmd args` pinned to `core` with taskset; stdout+stderr go to `logFile`. */
export function startPinned(core, cmd, args, { env = {}, logFile }) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn('taskset', ['-c', String(core), cmd, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  child.startedAt = performance.now();
  child.logFile = logFile;
  child.exited = new Promise((r) => child.on('exit', (code, sig) => r({ code, sig })));
  return child;
}

export async function stop(child, timeoutMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGCONT'); // it may be paused (bench.mjs pauses the server not being driven)
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await child.exited;
  clearTimeout(t);
}

/** VmRSS and VmHWM in MiB. taskset exec()s the command, so the pid is the server's. */
export function memory(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => +(s.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm')) || [0, NaN])[1];
    return { rss_mib: kb('VmRSS') / 1024, hwm_mib: kb('VmHWM') / 1024 };
  } catch { return { rss_mib: NaN, hwm_mib: NaN }; }
}

/** CPU seconds (user+system, all threads) used by the process so far. */
export function cpuSeconds(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (+f[11] + +f[12]) / TICKS; // utime, stime (fields 14, 15)
  } catch { return NaN; }
}

/** Seconds one core spent so far idle, waiting for I/O and stolen by the hypervisor (/proc/stat:
 * steal is time the guest's vCPU was runnable but not running, which a process' CPU time cannot
 * show: a server "only 80% busy" at saturation may have been 20% stolen, not waiting). */
export function coreTimes(core) {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `));
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3] / TICKS, iowait: f[4] / TICKS, steal: (f[7] || 0) / TICKS };
  } catch { return { idle: NaN, iowait: NaN, steal: NaN }; }
}

/** Context switches (voluntary + involuntary) summed over the process' threads so far. */
export function contextSwitches(pid) {
  let n = 0;
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        const s = fs.readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
        n += +(s.match(/^voluntary_ctxt_switches:\s+(\d+)/m) || [0, 0])[1] + +(s.match(/^nonvoluntary_ctxt_switches:\s+(\d+)/m) || [0, 0])[1];
      } catch { /* thread ended */ }
    }
  } catch { return NaN; }
  return n;
}

/** Samples RSS every `ms` until stopped; returns the maximum seen. */
export function rssSampler(pid, ms = 100) {
  let max = 0;
  const tick = () => { const m = memory(pid).rss_mib; if (m > max) max = m; };
  tick();
  const t = setInterval(tick, ms);
  return { stop() { clearInterval(t); tick(); return max; } };
}

/** GET over TLS to 127.0.0.1 with a Host header; resolves to the status (0 when refused).
 * Readiness only: the certificate may not exist yet when polling starts, so it is not checked. */
export function probe(port, path, host) {
  return new Promise((resolve) => {
    const req = https.request({ host: '127.0.0.1', port, path, method: 'GET', rejectUnauthorized: false, servername: 'localhost', headers: { host }, agent: false, timeout: 2000 }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.end();
  });
}

/** Polls until `check()` is true; returns the wall milliseconds since the child started. */
export async function waitReady(child, check, timeoutMs = 60_000, everyMs = 5) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.spawnargs.join(' ')} exited during start-up (log: ${child.logFile})`);
    if (await check()) return performance.now() - child.startedAt;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`not ready after ${timeoutMs} ms (log: ${child.logFile})`);
}

/** Raises a process's scheduling priority (nice -10; needs the privilege) and asks for a 0.1 ms
 * scheduler slice (Linux 6.12+): without it, a process woken while the load generator runs on
 * the same core waits out the generator's slice (1.4 ms here) whatever its nice value. Returns
 * what it got, e.g. 'nice -10, 0.1 ms slice', or why not. */
export function raisePriority(pid) {
  try { os.setPriority(pid, -10); } catch (e) { return `default (${e.code || e.message})`; }
  // sched_setattr(pid, {size 48, SCHED_OTHER, nice -10, runtime 100 µs}) through Perl's syscall
  // (perl-base is part of every Debian system; Node.js has no binding for it).
  const nr = { x64: 314, arm64: 274 }[process.arch];
  if (!nr) return 'nice -10 (no sched_setattr number for this architecture)';
  const script = 'my $a = pack("LLQlLQQQ", 48, 0, 0, -10, 0, 100000, 0, 0); print syscall($ARGV[0] + 0, $ARGV[1] + 0, $a, 0) == 0 ? "ok" : "$!"';
  try {
    const r = execFileSync('perl', ['-e', script, String(nr), String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    return r === 'ok' ? 'nice -10, 0.1 ms slice' : `nice -10 (slice refused: ${r})`;
  } catch (e) { return `nice -10 (slice not set: ${e.message.split('\n')[0]})`; }
}
