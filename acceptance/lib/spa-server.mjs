// Static HTTPS server for the test SPA (https://localhost:3443 by default).
// Uses the Portcullis dev certificate so that SPA and server are same-site
// (https + localhost), which hidden-iframe silent authentication needs.
//
// Run by hand: PORTCULLIS_TLS_CERT=... PORTCULLIS_TLS_KEY=... node lib/spa-server.mjs
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ACCEPTANCE_DIR = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const INDEX = path.join(ACCEPTANCE_DIR, 'spa', 'index.html');
const SDK = path.join(ACCEPTANCE_DIR, 'node_modules', '@auth0', 'auth0-spa-js', 'dist', 'auth0-spa-js.production.js');

export async function startSpaServer({ certPath, keyPath, port = 3443, host = '127.0.0.1' }) {
  if (!certPath || !keyPath) throw new Error('startSpaServer needs certPath and keyPath (the server dev cert)');
  if (!fs.existsSync(SDK)) throw new Error(`SDK bundle missing: ${SDK} (run npm ci in acceptance/)`);
  const server = https.createServer({ cert: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) }, (req, res) => {
    const { pathname } = new URL(req.url, 'https://spa.invalid');
    let file;
    let type;
    if (pathname === '/auth0-spa-js.production.js') {
      file = SDK;
      type = 'text/javascript; charset=utf-8';
    } else if (pathname === '/favicon.ico' || pathname.endsWith('.map')) {
      res.writeHead(404).end();
      return;
    } else {
      file = INDEX; // every other path is the app (it handles /?code=..., /callback, ...)
      type = 'text/html; charset=utf-8';
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    origin: `https://localhost:${port}`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const spa = await startSpaServer({
    certPath: process.env.PORTCULLIS_TLS_CERT,
    keyPath: process.env.PORTCULLIS_TLS_KEY,
    port: Number(process.env.SPA_PORT) || 3443,
  });
  console.log(`SPA on ${spa.origin}/?domain=...&client_id=...`);
}
