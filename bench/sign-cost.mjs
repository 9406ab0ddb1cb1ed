// One signature alone in Node.js, the way the peer signs (node:crypto with a KeyObject, as its
// JOSE library does): median µs per RS256 (RSA-2048, PKCS#1 v1.5) and ES256 (P-256, IEEE P1363
// encoding) signature of a token-sized signing input. Prints one JSON line. bench.mjs runs it on
// the server core next to Portcullis' `portcullis-bench-sign` (crates/bench), so the
// table can say what a signature costs each side in the same run, and what bound that puts on the
// ratios of the flows that sign.
import crypto from 'node:crypto';

const input = Buffer.from(`${Buffer.from('{"alg":"RS256","typ":"JWT","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify({
  iss: 'https://tenant.example.com/', sub: 'client-id@clients', aud: 'https://api.bench/rs', iat: 1700000000, exp: 1700086400,
  scope: 'read:data', gty: 'client-credentials', azp: 'client-id',
})).toString('base64url')}`);

function medianMicros(iterations, op) {
  for (let i = 0; i < Math.ceil(iterations / 10); i++) op();
  const samples = new Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const s = process.hrtime.bigint();
    op();
    samples[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  samples.sort((a, b) => a - b);
  return samples[iterations >> 1];
}

const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const out = {
  rs256_us: medianMicros(500, () => crypto.sign('sha256', input, rsa)),
  es256_us: medianMicros(2000, () => crypto.sign('sha256', input, { key: ec, dsaEncoding: 'ieee-p1363' })),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
