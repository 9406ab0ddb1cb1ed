// Locating / starting the Portcullis binary under test.
//
// Two ways to get a server:
//  * scripts/acceptance.sh starts one, runs `tenant bootstrap`, and exports
//    PORTCULLIS_ISSUER, PORTCULLIS_DOMAIN, MGMT_CLIENT_ID, MGMT_CLIENT_SECRET,
//    PORTCULLIS_TLS_CERT, PORTCULLIS_TLS_KEY and NODE_EXTRA_CA_CERTS. useServer()
//    then just describes that server.
//  * Without those variables (e.g. `node --test tests/rp.test.mjs` by hand),
//    useServer() starts the binary itself in a fresh temporary data dir and stops
//    it in an after() hook (and, as a last resort, when the process exits).
import { spawn, execFile } from 'node:child_process';
import { after } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { fileURLToPath } from 'node:url';
import { fetchTrusting } from './http.mjs';

export const ACCEPTANCE_DIR = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const REPO_ROOT = path.resolve(ACCEPTANCE_DIR, '..');

export function binaryPath() {
  return path.resolve(REPO_ROOT, process.env.PORTCULLIS_BIN || 'target/debug/portcullis');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** GET url without verifying TLS (readiness probe only); resolves to the status or null. */
function probe(url) {
  return new Promise((resolve) => {
    const req = https.get(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Runs `portcullis tenant bootstrap --json` and returns its parsed JSON line. */
export function bootstrap({ bin = binaryPath(), dataDir, domain }) {
  return new Promise((resolve, reject) => {
    execFile(bin, ['tenant', 'bootstrap', '--json', '--data-dir', dataDir, '--domain', domain], { timeout: 30000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`tenant bootstrap failed: ${err.message}\n${stderr}`));
      const line = stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{')).pop();
      if (!line) return reject(new Error(`tenant bootstrap printed no JSON line:\n${stdout}\n${stderr}`));
      try {
        resolve(JSON.parse(line));
      } catch (e) {
        reject(new Error(`tenant bootstrap printed invalid JSON (${e.message}): ${line}`));
      }
    });
  });
}

function describe({ issuer, domain, dataDir, certPath, keyPath, caPath, mgmt, logPath, stop }) {
  return {
    issuer,
    domain,
    /** origin the browser talks to, e.g. https://localhost:8443 (no trailing slash) */
    origin: new URL(issuer).origin,
    dataDir,
    certPath,
    keyPath,
    caPath,
    mgmt,
    logPath,
    fetch: fetchTrusting(caPath),
    stop,
  };
}

/**
 * Starts `portcullis serve` in a fresh data dir, waits for /readyz, runs bootstrap.
 * Always call stop() (useServer() registers it with after()).
 */
export async function startServer({
  bin = binaryPath(),
  port = 8443,
  host = '127.0.0.1',
  domain = `localhost:${port}`,
  readyTimeoutMs = 30000,
} = {}) {
  if (!fs.existsSync(bin)) throw new Error(`server binary not found: ${bin} (set PORTCULLIS_BIN or build it first)`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-acceptance-'));
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir);
  const logPath = path.join(root, 'server.log');
  const logFd = fs.openSync(logPath, 'a');
  const child = spawn(bin, ['serve', '--data-dir', dataDir, '--listen', `${host}:${port}`, '--domain', domain], {
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const killOnExit = () => { if (!exited) child.kill('SIGKILL'); };
  process.on('exit', killOnExit);

  const terminate = async () => {
    process.off('exit', killOnExit);
    if (exited) return exited;
    const done = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    child.kill('SIGTERM');
    const res = await Promise.race([done, sleep(5000).then(() => null)]);
    if (res) return res;
    child.kill('SIGKILL');
    return done;
  };
  // Stops the server and removes its temporary directory (kept with KEEP_DATA=1).
  const stop = async () => {
    const res = await terminate();
    if (process.env.KEEP_DATA === '1') console.error(`portcullis data dir and log kept in ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
    return res;
  };

  try {
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (exited) throw new Error(`server exited before becoming ready (${JSON.stringify(exited)})`);
      if ((await probe(`https://${domain}/readyz`)) === 200) break;
      if (Date.now() > deadline) throw new Error(`server not ready after ${readyTimeoutMs} ms`);
      await sleep(200);
    }
    const certPath = path.join(dataDir, 'tls', 'cert.pem');
    const keyPath = path.join(dataDir, 'tls', 'key.pem');
    if (!fs.existsSync(certPath)) throw new Error(`server is ready but ${certPath} does not exist`);
    const b = await bootstrap({ bin, dataDir, domain });
    return describe({
      issuer: b.issuer,
      domain: b.domain,
      dataDir,
      certPath,
      keyPath,
      caPath: certPath,
      mgmt: { clientId: b.client_id, clientSecret: b.client_secret, audience: b.management_audience },
      logPath,
      stop,
    });
  } catch (e) {
    await terminate(); // keep the data dir and log for inspection
    e.message += `\n--- server log (${logPath}) ---\n${tail(logPath)}`;
    throw e;
  }
}

/** The server described by the environment (scripts/acceptance.sh), or null. */
export function serverFromEnv(env = process.env) {
  if (!env.PORTCULLIS_ISSUER || !env.MGMT_CLIENT_ID) return null;
  const issuer = env.PORTCULLIS_ISSUER;
  const domain = env.PORTCULLIS_DOMAIN || new URL(issuer).host;
  const certPath = env.PORTCULLIS_TLS_CERT || env.NODE_EXTRA_CA_CERTS;
  return describe({
    issuer,
    domain,
    dataDir: env.PORTCULLIS_DATA_DIR || null,
    certPath,
    keyPath: env.PORTCULLIS_TLS_KEY,
    caPath: env.NODE_EXTRA_CA_CERTS || certPath,
    mgmt: {
      clientId: env.MGMT_CLIENT_ID,
      clientSecret: env.MGMT_CLIENT_SECRET,
      audience: env.MGMT_AUDIENCE || `https://${domain}/api/v2/`,
    },
    logPath: env.PORTCULLIS_LOG || null,
    stop: async () => {},
  });
}

/** For test files: the externally started server, or a private one stopped after the file. */
export async function useServer(opts) {
  const external = serverFromEnv();
  if (external) return external;
  const srv = await startServer({ port: Number(process.env.PORTCULLIS_PORT) || 8443, ...opts });
  after(() => srv.stop());
  return srv;
}
