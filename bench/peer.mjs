// The peer: oidc-provider (panva, the certified Node.js OpenID provider) set up like Portcullis
// for the benchmark: HTTPS with the same certificate, the same signing algorithms (RS256 ID
// tokens, RS256 or ES256 JWT access tokens per API), Argon2id password hashes with the same
// parameters and the same Rust `argon2` implementation (@node-rs/argon2), and post-login
// "actions" run the way a Node.js server would run them: a fresh `vm` context per action call.
//
// Binds 127.0.0.1 only. Environment:
//   PEER_PORT, PEER_CERT, PEER_KEY         listen port and TLS files (Portcullis' dev certificate)
//   HASH_OWASP, HASH_CHEAP                 "m,t,p" Argon2id parameters of the two user sets
//   PEER_JWKS                              JSON [rsaJwk, ecJwk] private keys (else generated)
//   USERS                                  users per set: bench{i}@bench.example (OWASP hash),
//                                          cheap{i}@bench.example (cheap hash); password BENCH_PASSWORD
// Control (loopback only, for the harness): POST /__bench/actions {"codes": [...]} binds
// post-login actions; GET /__bench/stats returns store write counts.
import https from 'node:https';
import fs from 'node:fs';
import crypto from 'node:crypto';
import vm from 'node:vm';
import Provider from 'oidc-provider';
import { hash as argonHash, verify as argonVerify, Algorithm } from '@node-rs/argon2';
import { CountingAdapter, storeStats } from './lib/peer-adapter.mjs';

const t0 = performance.now();
const E = process.env;
const PORT = +E.PEER_PORT || 9444;
const ISSUER = `https://localhost:${PORT}`;
const API_RS = 'https://api.rs256.bench/';
const API_ES = 'https://api.es256.bench/';
const REDIRECT = 'https://app.bench/cb';
const PASSWORD = E.BENCH_PASSWORD || 'Bench-Passw0rd!';
const USERS = +E.USERS || 16;
const params = (s) => { const [m, t, p] = s.split(',').map(Number); return { algorithm: Algorithm.Argon2id, memoryCost: m, timeCost: t, parallelism: p }; };
const HASH_OWASP = params(E.HASH_OWASP || '19456,2,1');
const HASH_CHEAP = params(E.HASH_CHEAP || '256,1,1');

// Signing keys come from PEER_JWKS (written by the harness, so start-up compares with a
// Portcullis restart, which loads its keys) or are generated here.
const [rsa, ec] = E.PEER_JWKS ? JSON.parse(fs.readFileSync(E.PEER_JWKS, 'utf8')) : peerKeys();
export function peerKeys() {
  return [crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })];
}

const users = new Map(); // email -> { sub, hash }
const apis = {
  [API_RS]: { alg: 'RS256' },
  [API_ES]: { alg: 'ES256' },
};

const provider = new Provider(ISSUER, {
  adapter: CountingAdapter,
  clients: [
    { client_id: 'm2m', client_secret: 'm2m-secret', token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
    { client_id: 'web', client_secret: 'web-secret', token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code', 'refresh_token'], redirect_uris: [REDIRECT], response_types: ['code'] },
  ],
  jwks: { keys: [{ ...rsa, kid: 'peer-rs256', alg: 'RS256', use: 'sig' }, { ...ec, kid: 'peer-es256', alg: 'ES256', use: 'sig' }] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'nickname', 'picture', 'updated_at'] },
  scopes: ['openid', 'offline_access', 'email', 'profile'],
  // Like Portcullis' regular web client: non-rotating refresh tokens.
  rotateRefreshToken: () => false,
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (ctx, client, oneOf) => oneOf ?? undefined,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, resource) => {
        const api = apis[resource];
        if (!api) throw new Provider.errors.InvalidTarget();
        return { scope: 'read:data', audience: resource, accessTokenTTL: 86400, accessTokenFormat: 'jwt', jwt: { sign: { alg: api.alg } } };
      },
    },
  },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      claims: async () => ({ sub, email: `${sub.split('|')[1]}@bench.example`, email_verified: true, name: sub, nickname: sub, picture: 'https://app.bench/p.png', updated_at: 1 }),
    };
  },
  // First-party client: no consent page (the recipe from oidc-provider's docs).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    const resource = ctx.oidc.params.resource;
    if (resource) grant.addResourceScope(resource, 'read:data');
    await grant.save();
    return grant;
  },
  ttl: { Session: 3600, Interaction: 600, AccessToken: 86400, ClientCredentials: 86400, IdToken: 36000, AuthorizationCode: 60, Grant: 86400, RefreshToken: 2592000 },
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));

// ---- post-login actions, Node.js style: compile once, fresh vm context per call ----
let actions = []; // [{ script }]
function bindActions(codes) {
  actions = codes.map((code, i) => ({ script: new vm.Script(code, { filename: `action-${i}.js` }) }));
}
async function runPostLogin(user, details, req) {
  if (!actions.length) return;
  // The event crosses a realm boundary as data (Portcullis passes JSON into its sandbox too).
  const event = JSON.parse(JSON.stringify({
    user: { user_id: user.sub, email: user.email, email_verified: true, name: user.sub, nickname: user.sub, app_metadata: {}, user_metadata: {}, identities: [{ provider: 'auth0', connection: 'Username-Password-Authentication', user_id: user.sub.split('|')[1], isSocial: false }] },
    authorization: { roles: [] },
    client: { client_id: details.params.client_id, name: details.params.client_id, metadata: {} },
    connection: { id: 'con_bench', name: 'Username-Password-Authentication', strategy: 'auth0', metadata: {} },
    request: { ip: req.socket.remoteAddress, hostname: `localhost:${PORT}`, method: req.method, user_agent: req.headers['user-agent'] || '', language: 'en', query: details.params, body: {}, geoip: {} },
    transaction: { id: details.uid, locale: 'en', protocol: 'oidc-basic-profile', requested_scopes: String(details.params.scope || '').split(' '), redirect_uri: details.params.redirect_uri, response_type: ['code'], response_mode: 'query', state: details.params.state },
    tenant: { id: 'bench' }, stats: { logins_count: 1 }, authentication: { methods: [{ name: 'pwd', timestamp: new Date().toISOString() }] },
    secrets: {}, session: { id: details.uid },
  }));
  const commands = [];
  const rec = (name) => (...args) => { commands.push([name, args]); };
  const api = {
    access: { deny: rec('access.deny') },
    accessToken: { setCustomClaim: rec('accessToken.setCustomClaim'), addScope: rec('accessToken.addScope'), removeScope: rec('accessToken.removeScope') },
    idToken: { setCustomClaim: rec('idToken.setCustomClaim') },
    multifactor: { enable: rec('multifactor.enable') },
    user: { setAppMetadata: rec('user.setAppMetadata'), setUserMetadata: rec('user.setUserMetadata') },
    redirect: { sendUserTo: rec('redirect.sendUserTo') },
  };
  for (const a of actions) {
    const module = { exports: {} };
    const context = vm.createContext({ module, exports: module.exports, console, fetch, URL, URLSearchParams, setTimeout, clearTimeout });
    a.script.runInContext(context, { timeout: 5000 });
    await module.exports.onExecutePostLogin(event, api);
  }
  if (commands.some(([n]) => n === 'access.deny')) throw new Error('access denied by an action');
}

// ---- the login page (a minimal one, like the reference peer) ----
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const readBody = (req) => new Promise((resolve) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => resolve(b)); });
const page = (uid, msg = '') => `<!doctype html><title>Log in</title><p>${esc(msg)}</p>
<form method="post" action="/interaction/${esc(uid)}/login"><input name="username"><input name="password" type="password"><button>Continue</button></form>`;

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') { // only with prompt=consent (refresh-token set-up logins)
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
    for (const [ind, sc] of Object.entries(details.prompt.details.missingResourceScopes || {})) grant.addResourceScope(ind, sc.join(' '));
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (details.prompt.name !== 'login') return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
  if (req.method === 'GET') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); return res.end(page(details.uid)); }
  const form = new URLSearchParams(await readBody(req));
  const u = users.get(String(form.get('username') || '').toLowerCase());
  const ok = u ? await argonVerify(u.hash, form.get('password') || '') : false;
  if (!ok) { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); return res.end(page(details.uid, 'Wrong email or password.')); }
  await runPostLogin(u, details, req);
  return provider.interactionFinished(req, res, { login: { accountId: u.sub } }, { mergeWithLastSubmission: false });
}

const oidc = provider.callback();
const server = https.createServer({ cert: fs.readFileSync(E.PEER_CERT), key: fs.readFileSync(E.PEER_KEY), keepAliveTimeout: 65000 }, async (req, res) => {
  try {
    if (req.url.startsWith('/__bench/')) {
      if (req.url === '/__bench/actions' && req.method === 'POST') { bindActions(JSON.parse(await readBody(req)).codes || []); res.writeHead(204); return res.end(); }
      if (req.url === '/__bench/stats') { res.writeHead(200, { 'content-type': 'application/json' }); return res.end(JSON.stringify({ store: storeStats(), users: users.size })); }
      res.writeHead(404); return res.end();
    }
    if (/^\/interaction\/[\w-]+(\/login)?$/.test(req.url)) return await interaction(req, res);
    return oidc(req, res);
  } catch (e) {
    console.error('peer error', e);
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(String(e.message));
  }
});
server.listen(PORT, '127.0.0.1', async () => {
  console.log(JSON.stringify({ event: 'listening', issuer: ISSUER, startup_ms: Math.round(performance.now() - t0) }));
  // Users are hashed after listening so that start-up time compares with Portcullis' (whose
  // users are created through its Management API, outside its start-up).
  const sets = [['bench', HASH_OWASP], ['cheap', HASH_CHEAP]];
  for (const [prefix, p] of sets) {
    for (let i = 0; i < USERS; i++) {
      const email = `${prefix}${i}@bench.example`;
      users.set(email, { sub: `auth0|${prefix}${i}`, email, hash: await argonHash(PASSWORD, p) });
    }
  }
  console.log(JSON.stringify({ event: 'users', count: users.size }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
