// Renders the results as one markdown table (metric | Portcullis | peer | ratio | target),
// followed by the conditions and every caveat the numbers need. Misses are printed as MISS.

const f = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : 'n/a');
const ms = (x) => (Number.isFinite(x) ? (x < 10 ? f(x, 2) : x < 100 ? f(x, 1) : f(x, 0)) : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${f(a / b, 2)}×` : 'n/a');
const mark = (ok, text) => (ok === null ? `${text} (not measured)` : ok ? `${text} ✅` : `${text} ❌ **MISS**`);

/** Where the server core's time went when the server did not use it, if the run recorded it:
 * idle, I/O wait, steal (the hypervisor running something else on the vCPU), and the remainder,
 * other processes on that core. */
const coreNote = (r) => (Number.isFinite(r.core_steal)
  ? `; the core itself: ${(r.core_idle * 100).toFixed(0)}% idle, ${(r.core_iowait * 100).toFixed(0)}% waiting for I/O, ${(r.core_steal * 100).toFixed(0)}% stolen by the host, ${(Math.max(0, 1 - r.server_util - r.core_idle - r.core_iowait - r.core_steal) * 100).toFixed(0)}% other processes (e.g. an unpinned database server)`
  : '');

export function renderReport(res, flows) {
  const ids = new Set(flows.map((x) => x.id));
  const c = res.cond;
  const peer = res.peer;
  const rows = [];
  const notes = [];
  const row = (metric, p, q, r = '', target = '') => rows.push(`| ${metric} | ${p} | ${q} | ${r} | ${target} |`);

  // One signature alone (bench.mjs signCost), µs: the lower of the run's start and end figures
  // (a busy moment of the shared guest only slows one down; the lower bound keeps the bound
  // rows from overstating what is out of reach).
  const sig = res.sign || {};
  const sigUs = (who, k) => Math.min(...[sig.start?.[who]?.[k], sig.end?.[who]?.[k]].filter(Number.isFinite));
  for (const b of res.backends) {
    const P = b.flows;
    const Q = peer.flows;
    const db = b.label === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    rows.push(`| **Portcullis on ${db}** | | | | |`);
    const throughput = (id, title, target, minRatio) => {
      if (!ids.has(id)) return;
      const a = P[id].sat, q = Q[id].sat;
      row(`${title}: throughput at saturation (/s)`, f(a.per_s), f(q.per_s), ratio(a.per_s, q.per_s), target ? mark(a.per_s / q.per_s >= minRatio, target) : '');
      const l = P[id].lat, m = Q[id].lat;
      row(`↳ p50 / p95 / p99 at 50% of saturation (ms)`, `${ms(l.p50_ms)} / ${ms(l.p95_ms)} / ${ms(l.p99_ms)}`, `${ms(m.p50_ms)} / ${ms(m.p95_ms)} / ${ms(m.p99_ms)}`, `${ratio(m.p50_ms, l.p50_ms)} (p50)`);
      row(`↳ server CPU per operation (ms) · context switches per operation`, `${ms(a.cpu_ms_per_op)} · ${f(a.ctx_switches_per_op, 1)}`, `${ms(q.cpu_ms_per_op)} · ${f(q.ctx_switches_per_op, 1)}`, ratio(q.cpu_ms_per_op, a.cpu_ms_per_op));
      const errs = a.errors + l.errors + q.errors + m.errors;
      if (errs) notes.push(`${title} (${db}): errors during the run — Portcullis ${a.errors + l.errors}, peer ${q.errors + m.errors}: ${JSON.stringify({ ...a.error_samples, ...l.error_samples, ...q.error_samples, ...m.error_samples }).slice(0, 300)}`);
      for (const [who, r] of [['Portcullis', a], ['oidc-provider', q]]) {
        if (r.server_util < 0.85) notes.push(`${title} (${db}), ${who}: the server core was only ${f(r.server_util * 100)}% busy at "saturation" (generator core ${f(r.generator_cpu * 100)}% busy${r.generator_cpu > 0.9 ? ': the load generator is the bottleneck, so this throughput is a lower bound' : ''}${coreNote(r)}).`);
      }
    };
    // What the target leaves for everything but the signature(s), given the peer's CPU per
    // operation in this run and Portcullis' cost of one signature alone on the same core.
    const bound = (id, signatures, alg, minRatio) => {
      const s = (signatures * sigUs('pc', alg)) / 1000;
      if (!ids.has(id) || !Number.isFinite(s)) return;
      const q = Q[id].sat.cpu_ms_per_op, a = P[id].sat.cpu_ms_per_op;
      const allowed = q / minRatio - s;
      row(`↳ bound: peer CPU ÷ Portcullis' ${signatures} signature${signatures > 1 ? 's' : ''} alone; CPU per operation besides ${signatures > 1 ? 'them' : 'it'}, now / what ${minRatio}× allows (µs)`, `${f((a - s) * 1000)} / ${allowed > 0 ? f(allowed * 1000) : 'none'}`, '', `${f(q / s, 2)}× bound`, minRatio > q / s ? `${minRatio}× is above this run's bound` : '');
    };
    throughput('cc-rs256', 'client_credentials, RS256', '≥ 2×', 2);
    bound('cc-rs256', 1, 'rs256_us', 2);
    throughput('cc-es256', 'client_credentials, ES256', '≥ 5×', 5);
    bound('cc-es256', 1, 'es256_us', 5);
    throughput('login-owasp', 'Login, Argon2id OWASP (m=19 MiB, t=2, p=1)', '≥ 1.5×', 1.5);
    if (ids.has('login-owasp')) row('↳ password POST p50 at 50% (ms)', ms(P['login-owasp'].lat.pwd_p50_ms), ms(Q['login-owasp'].lat.pwd_p50_ms), ratio(Q['login-owasp'].lat.pwd_p50_ms, P['login-owasp'].lat.pwd_p50_ms));
    throughput('login-cheap', 'Login, cheap hash', '≥ 3×', 3);
    bound('login-cheap', 2, 'rs256_us', 3);
    if (ids.has('login-owasp') && ids.has('login-cheap')) {
      const hashCpu = (X) => X['login-owasp'].sat.cpu_ms_per_op - X['login-cheap'].sat.cpu_ms_per_op;
      const hp = hashCpu(P), hq = hashCpu(Q);
      row('↳ hash CPU per login, OWASP minus cheap (ms)', ms(hp), ms(hq), ratio(hq, hp));
      row('↳ CPU per login except the hash (ms) = cheap-hash login', ms(P['login-cheap'].sat.cpu_ms_per_op), ms(Q['login-cheap'].sat.cpu_ms_per_op), ratio(Q['login-cheap'].sat.cpu_ms_per_op, P['login-cheap'].sat.cpu_ms_per_op), mark(P['login-cheap'].sat.cpu_ms_per_op <= 2.5, '≤ 2.5 ms'));
      const share = (X, h) => (X['login-owasp'].sat.per_s * h) / 1000;
      if (hp > hq * 1.2) notes.push(`The "share of the hash bound" (${db}) is high partly because Portcullis' own hash is slow: ${ms(hp)} ms of CPU per OWASP verify in the server vs ${ms(hq)} ms for the peer with the same parameters (see FINDINGS.md).`);
      row('↳ OWASP logins/s as a share of the hash bound (1 core ÷ hash CPU)', `${f(share(P, hp) * 100)}%`, `${f(share(Q, hq) * 100)}%`, '', mark(share(P, hp) >= 0.85, '≥ 85%'));
    }
    for (const id of ['login-cheap-1', 'login-cheap-1f', 'login-cheap-5']) {
      if (!ids.has(id) || !ids.has('login-cheap')) continue;
      const fl = flows.find((x) => x.id === id);
      // Paired (bench.mjs addedLatency): both sides at one utilisation, interleaved; else two separate runs.
      const add = (X, k) => (X[id].added ? X[id].added[k] : X[id].lat[k] - X['login-cheap'].lat[k]);
      const cpu = (X) => (X[id].sat.cpu_ms_per_op - X['login-cheap'].sat.cpu_ms_per_op) / fl.n;
      row(`${fl.title.replace('login, cheap hash, ', 'Login (cheap hash) ')}: throughput (/s)`, f(P[id].sat.per_s), f(Q[id].sat.per_s), ratio(P[id].sat.per_s, Q[id].sat.per_s));
      const tgt = fl.n === 1 ? mark(add(P, 'p50_ms') <= 0.5 && add(P, 'p99_ms') <= 2, '≤ +0.5 / +2 ms') : mark(add(P, 'p50_ms') < 1.5, '< +1.5 ms p50');
      row(P[id].added ? `↳ added latency vs no action, p50 / p99, at equal utilisation (50% without actions), interleaved (ms)` : `↳ added latency vs no action, p50 / p99 at 50% (ms)`, `${ms(add(P, 'p50_ms'))} / ${ms(add(P, 'p99_ms'))}`, `${ms(add(Q, 'p50_ms'))} / ${ms(add(Q, 'p99_ms'))}`, '', tgt);
      row(`↳ added server CPU per action (ms)`, ms(cpu(P)), ms(cpu(Q)), ratio(cpu(Q), cpu(P)));
      const l = P[id].lat, m = Q[id].lat;
      if (l.from) row(`↳ p50 / p95 / p99 at ~50% of saturation, the rounds with the actions bound (ms)`, `${ms(l.p50_ms)} / ${ms(l.p95_ms)} / ${ms(l.p99_ms)}`, `${ms(m.p50_ms)} / ${ms(m.p95_ms)} / ${ms(m.p99_ms)}`, `${ratio(m.p50_ms, l.p50_ms)} (p50)`);
      const addErr = (X) => (X[id].added ? X[id].added.errors : 0);
      if (P[id].sat.errors + P[id].lat.errors + Q[id].sat.errors + Q[id].lat.errors + addErr(P) + addErr(Q)) notes.push(`${fl.title} (${db}): errors — ${JSON.stringify({ ...P[id].sat.error_samples, ...P[id].lat.error_samples, ...Q[id].sat.error_samples, ...Q[id].lat.error_samples }).slice(0, 300)}`);
    }
    throughput('refresh', 'refresh_token exchange', '', 0);
    throughput('userinfo', 'userinfo', '', 0);

    row('RSS idle after start, before any request (MiB)', f(b.startup.restart.rss_mib, 1), 'n/a', '', '');
    row('RSS idle after set-up logins (MiB)', f(b.idle_rss_mib, 1), f(peer.idle_rss_mib, 1), ratio(peer.idle_rss_mib, b.idle_rss_mib), mark(b.idle_rss_mib <= 50, '≤ 50 MB'));
    const maxRss = (X) => Math.max(...Object.values(X).map((r) => r.rss_max_mib));
    row('RSS peak under load, all flows (MiB)', f(maxRss(P), 1), f(maxRss(Q), 1), ratio(maxRss(Q), maxRss(P)));
    row('Start-up, first start on an empty data dir: wall to ready / logged startup_ms (ms)', `${f(b.startup.first.wall_ms)} / ${f(b.startup.first.startup_ms)}`, `${f(peer.startup.wall_ms)} / ${f(peer.startup.startup_ms)}`, '', '');
    row('Start-up, restart on existing data: wall to /readyz 200 / startup_ms (ms)', `${f(b.startup.restart.wall_ms)} / ${f(b.startup.restart.startup_ms)}`, `${f(peer.startup.wall_ms)} (discovery 200)`, ratio(peer.startup.wall_ms, b.startup.restart.wall_ms), b.label === 'sqlite' ? mark(b.startup.restart.wall_ms < 300, '< 300 ms') : '');
    if (b.db) {
      const d = b.db;
      for (const [k, title, tgt] of [['login', 'Login', 3], ['login_1fetch', 'login with 1 action (fetch)', null], ['cc', 'client_credentials grant', 0], ['refresh', 'refresh_token exchange', null], ['userinfo', 'userinfo', null]]) {
        if (!d[k]) continue;
        const p = d[k].pc;
        row(`DB per ${title}: SQL statements (writes / reads) · rows written`, `${f(p.statements, 1)} (${f(p.writes, 1)} / ${f(p.reads, 1)}) · ${f(p.rows_written, 1)}`, `${f(d[k].peer.writes, 1)} store writes (in-memory)`, '', tgt === null ? '' : mark(p.writes <= tgt, `≤ ${tgt} writes (anchors' goal)`));
      }
      if (d.login) notes.push(`Writes per login on ${db}, by statement: ${Object.entries(d.login.pc.by_kind).map(([k, v]) => `${k} ×${f(v, 1)}`).join(', ') || 'none'}.`);
      if (d.session) row('Store bytes per SSO session (SQLite, table + indexes / row payload)', `${f(d.session.bytes_per_row)} / ${f(d.session.payload_per_row)} B`, 'n/a (in-memory)', '', Number.isFinite(d.session.bytes_per_row) ? mark(d.session.bytes_per_row <= 2048, '≤ 2 KB') : '');
    }
  }
  const sigRow = (title, k) => {
    const both = (who) => `${f(sig.start?.[who]?.[k], 1)} / ${f(sig.end?.[who]?.[k], 1)}`;
    if (Number.isFinite(sigUs('pc', k)) || Number.isFinite(sigUs('node', k))) row(title, both('pc'), `${both('node')} (Node.js crypto)`, `${ratio(sigUs('node', k), sigUs('pc', k))} (lower of each)`);
  };
  sigRow('**One signature alone** on the server core, run start / end: RS256, RSA-2048 (µs)', 'rs256_us');
  sigRow('↳ ES256, P-256 (µs)', 'es256_us');
  for (const [who, name] of [['pc_error', 'Portcullis'], ['node_error', 'Node.js']]) {
    const e = sig.start?.[who] || sig.end?.[who];
    if (e) notes.push(`The ${name} signature measurement failed: ${e}`);
  }
  if (res.invoke) {
    const iv = res.invoke;
    if (iv.fresh && iv.node) {
      row('**Action invocation alone**, fresh sandbox per call (/s, one core) — peer column: Node.js `vm` fresh context', f(iv.fresh.per_s), f(iv.node.per_s), ratio(iv.fresh.per_s, iv.node.per_s), mark(iv.fresh.per_s / iv.node.per_s >= 3, '≥ 3× Node vm'));
      row('↳ p50 / p99 (µs)', `${f(iv.fresh.p50_us, 1)} / ${f(iv.fresh.p99_us, 1)}`, `${f(iv.node.p50_us, 1)} / ${f(iv.node.p99_us, 1)}`, ratio(iv.node.p50_us, iv.fresh.p50_us));
      if (iv.fresh_exec) row('↳ through the executor (thread hop), sequential (/s)', f(iv.fresh_exec.per_s), '', '', '');
      if (iv.ivm) row('↳ vs isolated-vm, fresh isolate per call (/s; p50 µs)', `${f(iv.fresh.per_s)}; ${f(iv.fresh.p50_us, 1)}`, `${f(iv.ivm.per_s)}; ${f(iv.ivm.p50_us, 1)}`, ratio(iv.fresh.per_s, iv.ivm.per_s), mark(iv.fresh.per_s / iv.ivm.per_s >= 10, '≥ 10×'));
      else row('↳ vs isolated-vm fresh isolate', '', 'not installed (BENCH_ISOLATED_VM=1)', '', mark(null, '≥ 10×'));
    } else {
      notes.push(`Action invocation bench did not run: ${String(iv.error || 'rows not found').slice(0, 300)}`);
    }
  }

  const algs = res.backends[0]?.algs || {};
  const h = c.cfg;
  const out = [];
  out.push(`## Portcullis vs oidc-provider ${c.oidc_provider} — ${c.date.slice(0, 10)}`);
  out.push('');
  out.push('Ratio = how many times better Portcullis is (throughput: Portcullis ÷ peer; latency, CPU, memory, time: peer ÷ Portcullis).');
  out.push('');
  out.push('| metric | Portcullis | oidc-provider | ratio | target |');
  out.push('|---|---:|---:|---:|---|');
  out.push(...rows);
  out.push('');
  out.push('**Conditions.**');
  out.push(`- Date ${c.date}; machine: ${c.cpu}, ${c.cores} cores (KVM guest, shared), ${c.mem_gib} GiB, Linux ${c.kernel}; load average before/after ${c.load_before} / ${c.load_after}; whole run ${f(c.wall_s)} s.`);
  out.push(`- Server (Portcullis, or the peer) pinned to core ${h.serverCore} with \`taskset\` (one core each, both started, one driven at a time while the other is paused with SIGSTOP); load generator, the fetch endpoint (priority: ${c.echoPriority || 'default'}) and the driver pinned to core ${h.generatorCore}.`);
  out.push(`- Portcullis ${c.git}, release build, ${c.rustc}; peer: oidc-provider ${c.oidc_provider} on Node.js ${c.node} (single process), in-memory store that counts writes, hashes with @node-rs/argon2 (the Rust \`argon2-rust\` implementation Portcullis also uses; the peer allocates the 19 MiB working memory per hash, Portcullis reuses one wiped arena per thread), post-login actions run in a fresh \`vm\` context per action.`);
  out.push(`- Password hash: Argon2id OWASP m=${h.owasp.m} KiB, t=${h.owasp.t}, p=${h.owasp.p}; cheap setting m=${h.cheap.m} KiB, t=${h.cheap.t}, p=${h.cheap.p} — the same on both servers.`);
  out.push(`- Signing (checked in the tokens): client_credentials ${algs.cc_rs256} and ${algs.cc_es256} access tokens; login: ${algs.login_id} ID token + ${algs.login_access} access token; refresh: ${algs.refresh_access} access + ${algs.refresh_id} ID token; userinfo access token: ${algs.userinfo_token} (peer: ${peer.algs.userinfo_token}).`);
  out.push(`- HTTPS on both (the same self-signed ECDSA certificate), HTTP/1.1 keep-alive, no pipelining; a pool of ${h.connections} connections per server (the generator's own HTTP/1.1 client, bench/lib/http.mjs). Saturation: closed loop, ${h.connections} concurrent requests (logins: ${h.loginConcurrency} concurrent logins, each 4–5 sequential requests + the token request), ${h.durationS} s per server after ${h.warmupS} s warm-up, in ${h.satRounds ? `${h.satRounds} rounds each alternating between the two servers (A B B A ...; each round after a ${h.rewarmMs} ms re-warm, the other server paused), so the guest's drift during the run falls on both alike` : 'one run per server'}. Latency: open loop at 50% of the saturation rate for ${h.durationS} s, measured from each operation's scheduled start. Added latency of actions: ${h.pairedRounds || 8} × 2 interleaved rounds with and without the bindings on the same server at the same utilisation (without: 50% of the no-action saturation rate; with: that rate × the ratio of CPU per login), p50/p99 of all samples of a side; the flows with actions take their own p50/p95/p99 from the "with" rounds (about 50% of their saturation rate) instead of a separate run. CPU per operation: the server process' utime+stime over the saturation run ÷ operations.`);
  out.push(`- Database: ${res.backends.map((b) => (b.label === 'sqlite' ? 'SQLite (embedded, WAL)' : 'PostgreSQL (BENCH_DATABASE_URL, a fresh database; its server is not pinned and its CPU is not in the CPU-per-operation rows)')).join('; ')}. ${h.users} users per hash setting; the login flows spread over them. Statement counts come from Portcullis' statement log (a separate restart with \`portcullis::sql=debug\`, 20 sequential operations each).`);
  out.push(`- Actions: the seed action (multifactor if role Admin; bench users have no role), one adding two claims, one calling \`fetch\` on a local HTTP endpoint; "+5" binds seed, claims, fetch, seed copy, claims copy. On the peer the same code runs in a fresh \`vm\` context (commands recorded, not applied to tokens).`);
  if (notes.length) {
    out.push('');
    out.push('**Caveats found in this run.**');
    for (const n of notes) out.push(`- ${n}`);
  }
  if (res.invoke?.raw) {
    out.push('');
    out.push('<details><summary>portcullis-bench-invoke (crates/bench)</summary>');
    out.push('');
    out.push(res.invoke.raw.trim());
    out.push('');
    out.push('</details>');
  }
  return out.join('\n') + '\n';
}
