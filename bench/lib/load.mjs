// The load generator: a closed loop (N workers back to back: throughput at saturation) and an
// open loop (a fixed arrival rate: latency at a chosen load, measured from each operation's
// scheduled start so a stalled server cannot hide its queueing delay).

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Recorder {
  constructor() { this.lat = []; this.ok = 0; this.errors = 0; this.errorSamples = new Map(); }
  success(ms) { this.ok++; this.lat.push(ms); }
  failure(e) {
    this.errors++;
    const k = String(e && e.message || e).slice(0, 160);
    this.errorSamples.set(k, (this.errorSamples.get(k) || 0) + 1);
  }
  result(seconds, extra = {}) {
    const lat = this.lat.sort((a, b) => a - b);
    const q = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN);
    return {
      ok: this.ok, errors: this.errors, seconds, per_s: this.ok / seconds,
      p50_ms: q(0.5), p95_ms: q(0.95), p99_ms: q(0.99), max_ms: lat.length ? lat[lat.length - 1] : NaN,
      error_samples: Object.fromEntries(this.errorSamples), ...extra,
    };
  }
}

/** `concurrency` workers call `op(i)` back to back for `durationMs`. */
export async function closedLoop(op, { concurrency, durationMs, maxOps = Infinity }) {
  const rec = new Recorder();
  const finished = [];
  let started = 0;
  const t0 = performance.now();
  const end = t0 + durationMs;
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end && started < maxOps) {
      const n = started++;
      const s = performance.now();
      try { await op(n); const now = performance.now(); rec.success(now - s); finished.push(now); } catch (e) { rec.failure(e); }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return rec.result(seconds, { generator_cpu: (cpu.user + cpu.system) / 1e6 / seconds, steady: steadyRate(finished, t0, end) });
}

/**
 * The span of the window in which every worker was kept busy, as `{ ops, seconds }` (completions
 * in it, its length): the first tenth of the window (at most one second: the pipeline filling)
 * is left out, and so is the drain after the window, when fewer operations are in flight (a tail
 * that grows with the operation's time; for OWASP logins in 1.25 s rounds the two counts
 * differed by up to 3%).
 */
function steadyRate(finished, t0, end) {
  const from = t0 + Math.min(1000, (end - t0) / 10);
  return { ops: finished.filter((t) => t >= from && t <= end).length, seconds: (end - from) / 1000 };
}

/** Starts `op(i)` at `rate` per second for `durationMs`, whatever the server's pace. */
export async function openLoop(op, { rate, durationMs, maxInFlight = 2000, keepSamples = false }) {
  const rec = new Recorder();
  const interval = 1000 / rate;
  const t0 = performance.now();
  const end = t0 + durationMs;
  const cpu0 = process.cpuUsage();
  let next = t0;
  let n = 0;
  let inFlight = 0;
  let dropped = 0;
  const pending = new Set();
  while (performance.now() < end) {
    const now = performance.now();
    while (next <= now && next < end) {
      const scheduled = next;
      next += interval;
      if (inFlight >= maxInFlight) { dropped++; rec.failure(new Error('generator: too many operations in flight (server overloaded)')); continue; }
      inFlight++;
      const p = op(n++).then(
        () => rec.success(performance.now() - scheduled),
        (e) => rec.failure(e),
      ).finally(() => { inFlight--; pending.delete(p); });
      pending.add(p);
    }
    await sleep(Math.max(0, Math.min(1, next - performance.now())));
  }
  await Promise.all(pending);
  const seconds = durationMs / 1000;
  const cpu = process.cpuUsage(cpu0);
  const extra = { rate, dropped, generator_cpu: (cpu.user + cpu.system) / 1e6 / ((performance.now() - t0) / 1000) };
  if (keepSamples) extra.samples = rec.lat;
  return rec.result(seconds, extra);
}
