import { startServer } from './lib/server.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
const srv = await startServer({ bin: '/work/target-mgmt/debug/portcullis', port: 28444 });
try {
  fs.writeFileSync('/tmp/a0cfg.json', JSON.stringify({ AUTH0_DOMAIN: srv.domain, AUTH0_CLIENT_ID: srv.mgmt.clientId, AUTH0_CLIENT_SECRET: srv.mgmt.clientSecret }));
  fs.rmSync('/tmp/a0full', { recursive: true, force: true });
  try {
    const out = execFileSync(process.execPath, ['node_modules/auth0-deploy-cli/lib/index.js', 'export', '-f', 'yaml', '-o', '/tmp/a0full', '-c', '/tmp/a0cfg.json'], { env: { ...process.env, NODE_EXTRA_CA_CERTS: srv.caPath, NODE_OPTIONS: '--require /tmp/log404.cjs' }, encoding: 'utf8' });
    console.log(out.slice(-3000));
  } catch (e) { console.log('FAILED', String(e.stdout).slice(-3000), String(e.stderr).slice(-3000)); }
} finally { await srv.stop(); }
