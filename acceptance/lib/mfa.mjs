// Multi-factor helpers for the browser suites: TOTP timing (codes computed with otplib, an
// implementation independent of the server's), the hosted MFA pages driven in Chromium
// (password -> enrollment / challenge / recovery code -> consent -> callback), and a structural
// check of the enrollment QR code.
import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'otplib';

export const TOTP_PERIOD_S = 30;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** RFC 6238 time step for a Unix time in ms. */
export const totpStep = (ms = Date.now()) => Math.floor(ms / 1000 / TOTP_PERIOD_S);
const msLeftInStep = (ms = Date.now()) => (totpStep(ms) + 1) * TOTP_PERIOD_S * 1000 - ms;

/**
 * A fresh code for `secret`: waits until the time step is later than `after` (a code of
 * that step was already used) and at least `minRemainingMs` of the step are left, so that
 * the code and any deliberate replay of it stay inside one step. Returns { code, step }.
 */
export async function totpCode(secret, { after = -Infinity, minRemainingMs = 10000 } = {}) {
  for (;;) {
    const now = Date.now();
    if (totpStep(now) > after && msLeftInStep(now) >= minRemainingMs) break;
    await sleep(msLeftInStep(now) + 50);
  }
  const step = totpStep();
  const code = await generate({ secret, epoch: step * TOTP_PERIOD_S });
  return { code, step };
}

/** A 6-digit code that is wrong for `secret` in every step from two before to two after now. */
export async function wrongTotpCode(secret) {
  const step = totpStep();
  const valid = new Set();
  for (let d = -2; d <= 2; d++) valid.add(await generate({ secret, epoch: (step + d) * TOTP_PERIOD_S }));
  for (let n = 0; ; n++) {
    const candidate = String((123456 + n * 7919) % 1000000).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

/**
 * On the hosted login page (which the browser must be heading to), types the password and
 * submits. Returns the URL the browser settles on next: an /u/mfa-* page, consent, or the
 * app (`returnPrefix`). If the server already has a session and skips the login page
 * (the browser lands on an /u/ page other than /u/login), returns that page untouched.
 */
export async function submitPassword(page, { authOrigin, returnPrefix, email, password }) {
  const onAuth = (u) => u.href.startsWith(authOrigin);
  const back = (u) => u.href.startsWith(returnPrefix);
  await page.waitForURL((u) => back(u) || (onAuth(u) && u.pathname.startsWith('/u/')));
  if (!new URL(page.url()).pathname.startsWith('/u/login')) return new URL(page.url());
  await page.waitForSelector('input#username');
  await page.fill('#username', email);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL((u) => back(u) || (onAuth(u) && !u.pathname.startsWith('/u/login'))),
    page.click('button[type=submit]'),
  ]);
  return new URL(page.url());
}

/**
 * Submits the form of the current hosted page (after `fill`), and waits for the answer
 * document. Returns { status, url, pathname, error } where status is that of the POST
 * (a re-rendered page with an error, or the redirect on success) and error the #error text.
 */
export async function submitForm(page, fill = async () => {}) {
  const before = new URL(page.url());
  await fill();
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().frame() === page.mainFrame() && new URL(r.url()).pathname === before.pathname),
    page.waitForEvent('framenavigated', (f) => f === page.mainFrame()),
    page.click('form[method=post] button[type=submit]'),
  ]);
  await page.waitForLoadState('domcontentloaded');
  const url = new URL(page.url());
  const errorElement = url.origin === before.origin ? await page.$('#error') : null;
  const error = errorElement ? (await errorElement.textContent())?.trim() || null : null;
  return { status: resp.status(), url: url.href, pathname: url.pathname, error };
}

/** Types `code` into #code and submits (enrollment, challenge and recovery-code pages). */
export const submitCode = (page, code) => submitForm(page, () => page.fill('#code', code));

/**
 * Reads the OTP enrollment page: the secret shown for manual entry, the otpauth:// URI of
 * the link, and the QR code's module matrix (rendered from the inline SVG in the page).
 */
export async function readOtpEnrollment(page) {
  const secretText = (await page.textContent('#secret'))?.trim() ?? '';
  const href = await page.getAttribute('a#otpauth-uri', 'href');
  const qr = await page.evaluate(readQrModules);
  return { secretText, secret: secretText.replace(/[\s-]/g, '').toUpperCase(), href, uri: href ? new URL(href) : null, qr };
}

/**
 * In the page: renders the inline <svg> inside #qr onto a canvas and samples it into a
 * matrix of modules (true = dark). Runs in the browser (page.evaluate).
 */
async function readQrModules() {
  const host = document.getElementById('qr');
  const svg = host && (host.tagName.toLowerCase() === 'svg' ? host : host.querySelector('svg'));
  if (!svg) return { error: `no inline <svg> in #qr (${host ? host.outerHTML.slice(0, 120) : 'no #qr element'})` };
  const external = [...svg.querySelectorAll('image, use, [href], [*|href]')].map((e) => e.getAttribute('href') || e.getAttribute('xlink:href')).filter((h) => h && !h.startsWith('#'));
  const xml = new XMLSerializer().serializeToString(svg);
  const img = new Image();
  img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(xml)))}`;
  await img.decode();
  const w = img.naturalWidth;
  const h = img.naturalHeight;
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(img, 0, 0, w, h);
  const px = ctx.getImageData(0, 0, w, h).data;
  const dark = (x, y) => {
    const i = (y * w + x) * 4;
    return px[i] + px[i + 1] + px[i + 2] < 384;
  };
  // bounding box of the dark pixels = the symbol without its quiet zone
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (dark(x, y)) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
  if (x1 < 0) return { error: 'the QR SVG renders no dark pixel', width: w, height: h };
  // the top-left finder pattern starts with a run of 7 dark modules
  let run = 0;
  while (x0 + run <= x1 && dark(x0 + run, y0)) run++;
  const module = run / 7;
  const size = Math.round((x1 - x0 + 1) / module);
  const matrix = [];
  for (let r = 0; r < size; r++) {
    const row = [];
    for (let c = 0; c < size; c++) row.push(dark(Math.floor(x0 + (c + 0.5) * module), Math.floor(y0 + (r + 0.5) * module)));
    matrix.push(row);
  }
  return { width: w, height: h, module, size, quietZone: { left: x0 / module, top: y0 / module }, square: x1 - x0 === y1 - y0, matrix, external };
}

/**
 * Structural check of a QR module matrix (ISO/IEC 18004): size 17 + 4·version, the three
 * finder patterns with their separators, the timing patterns, the dark module, and a
 * format-information word that is a valid BCH codeword (identical in both copies).
 * Returns a list of problems (empty when the symbol is well formed) and the decoded
 * error-correction level and mask.
 */
export function checkQrStructure(qr) {
  const problems = [];
  if (!qr || qr.error) return { problems: [qr?.error || 'no QR data'] };
  const { matrix: m, size } = qr;
  if (!qr.square) problems.push('symbol is not square');
  const version = (size - 17) / 4;
  if (!Number.isInteger(version) || version < 1 || version > 40) problems.push(`size ${size} modules is not 17 + 4·version`);
  if (problems.length) return { problems };
  const finder = (r0, c0, name) => {
    for (let r = -1; r <= 7; r++) {
      for (let c = -1; c <= 7; c++) {
        const rr = r0 + r;
        const cc = c0 + c;
        if (rr < 0 || cc < 0 || rr >= size || cc >= size) continue;
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        const want = ring === 4 ? false : ring !== 2; // separator light, ring 3 dark, ring 2 light, 3x3 core dark
        if (m[rr][cc] !== want) {
          problems.push(`${name} finder pattern wrong at row ${rr}, column ${cc}`);
          return;
        }
      }
    }
  };
  finder(0, 0, 'top-left');
  finder(0, size - 7, 'top-right');
  finder(size - 7, 0, 'bottom-left');
  for (let i = 8; i < size - 8; i++) {
    if (m[6][i] !== (i % 2 === 0)) { problems.push(`horizontal timing pattern wrong at column ${i}`); break; }
    if (m[i][6] !== (i % 2 === 0)) { problems.push(`vertical timing pattern wrong at row ${i}`); break; }
  }
  if (!m[size - 8][8]) problems.push('dark module missing');
  // format information: 15 bits, copy 1 around the top-left finder, copy 2 split between the others
  const bits = (cells) => cells.reduce((acc, [r, c]) => (acc << 1) | (m[r][c] ? 1 : 0), 0);
  const copy1 = bits([[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]]);
  const copy2 = bits([
    [size - 1, 8], [size - 2, 8], [size - 3, 8], [size - 4, 8], [size - 5, 8], [size - 6, 8], [size - 7, 8],
    [8, size - 8], [8, size - 7], [8, size - 6], [8, size - 5], [8, size - 4], [8, size - 3], [8, size - 2], [8, size - 1],
  ]);
  const valid = new Map();
  for (let data = 0; data < 32; data++) {
    let rem = data << 10;
    for (let i = 14; i >= 10; i--) if (rem & (1 << i)) rem ^= 0b10100110111 << (i - 10);
    valid.set(((data << 10) | rem) ^ 0b101010000010010, data);
  }
  if (!valid.has(copy1)) problems.push(`format information ${copy1.toString(2).padStart(15, '0')} is not a valid codeword`);
  if (copy1 !== copy2) problems.push('the two copies of the format information differ');
  const data = valid.get(copy1);
  return {
    problems,
    version,
    ecLevel: data === undefined ? null : ['M', 'L', 'H', 'Q'][data >> 3],
    mask: data === undefined ? null : data & 7,
  };
}

/**
 * Confirms the recovery-code page: reads #recovery-code, checks that the #saved checkbox is
 * required, ticks it and continues. Returns { recoveryCode, savedRequired, next }.
 */
export async function confirmRecoveryCode(page, { screenshot } = {}) {
  await page.waitForSelector('#recovery-code');
  const recoveryCode = (await page.textContent('#recovery-code'))?.trim();
  const savedRequired = await page.$eval('#saved', (el) => el.type === 'checkbox' && el.required);
  if (screenshot) await saveScreenshot(page, screenshot);
  const next = await submitForm(page, () => page.check('#saved'));
  return { recoveryCode, savedRequired, next };
}

/** From the current page: accepts consent if asked and waits until the app is reached. */
export async function finishAtApp(page, { returnPrefix }) {
  const back = (u) => u.href.startsWith(returnPrefix);
  let consent = null;
  if (!back(new URL(page.url())) && new URL(page.url()).pathname.startsWith('/u/consent')) {
    consent = page.url();
    await Promise.all([page.waitForURL(back), page.click('button[type=submit][name=action][value=accept]')]);
  }
  if (!back(new URL(page.url()))) {
    const h1 = await page.textContent('h1').catch(() => null);
    const error = await page.textContent('#error').catch(() => null);
    throw new Error(`expected to return to ${returnPrefix} (through consent at most); stuck at ${page.url()}${h1 ? ` (h1: ${h1.trim()})` : ''}${error ? ` (error: ${error.trim()})` : ''}`);
  }
  return { consent };
}

export async function saveScreenshot(page, file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}
