// Headless Debian Chromium driven by playwright-core, plus wire recording helpers.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launches Chromium with a fresh profile. Returns { context, page, close }.
 * ignoreHTTPSErrors: the server and the SPA use the server's self-signed dev cert.
 */
export async function launchBrowser({ timeout = 30000 } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'acceptance-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      timeout,
      ignoreHTTPSErrors: true,
      args: CHROMIUM_ARGS,
    });
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  context.setDefaultTimeout(timeout);
  const page = context.pages()[0] || (await context.newPage());
  const close = async () => {
    try {
      await context.close();
    } finally {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  };
  return { context, page, close };
}

/**
 * Records every request the browser (pages, iframes and Web Workers) sends to `origin`,
 * with its response status, headers and (for non-HTML) body text.
 * Returns { entries, settle(), lines() }. Call settle() before asserting on bodies.
 */
export function recordTraffic(context, page, origin) {
  const entries = [];
  const pending = new Set();
  const byRequest = new Map();
  const track = (p) => {
    pending.add(p);
    p.finally(() => pending.delete(p));
  };
  context.on('request', (request) => {
    if (!request.url().startsWith(origin)) return;
    let where = 'page';
    try {
      const frame = request.frame();
      if (frame !== page.mainFrame()) where = 'iframe';
    } catch {
      where = 'worker'; // requests from Web Workers have no frame
    }
    const entry = {
      method: request.method(),
      url: request.url(),
      path: new URL(request.url()).pathname,
      where,
      postData: request.postData(),
      requestHeaders: request.headers(),
      status: null,
      headers: null,
      body: null,
      failure: null,
    };
    entries.push(entry);
    byRequest.set(request, entry);
  });
  context.on('requestfailed', (request) => {
    const entry = byRequest.get(request);
    if (entry) entry.failure = request.failure()?.errorText || 'failed';
  });
  context.on('response', (response) => {
    const entry = byRequest.get(response.request());
    if (!entry) return;
    entry.status = response.status();
    track(
      (async () => {
        entry.headers = await response.allHeaders().catch(() => response.headers());
        const ct = entry.headers['content-type'] || '';
        const isRedirect = entry.status >= 300 && entry.status < 400;
        if (!isRedirect && entry.method !== 'OPTIONS' && /json/.test(ct)) {
          entry.body = await response.text().catch((e) => `<<body unavailable: ${e.message}>>`);
        }
      })(),
    );
  });
  // Playwright does not report CORS preflights; Chromium's DevTools protocol does
  // (resource type "Preflight"). Listen on the page's CDP session for them.
  const preflights = new Map();
  const cdpReady = context.newCDPSession(page).then(async (cdp) => {
    const preflightEntry = (requestId, url) => {
      let entry = preflights.get(requestId);
      if (!entry) {
        entry = { method: 'OPTIONS', url, path: new URL(url).pathname, where: 'preflight', postData: null, requestHeaders: null, status: null, headers: null, body: null, failure: null };
        preflights.set(requestId, entry);
        entries.push(entry);
      }
      return entry;
    };
    cdp.on('Network.requestWillBeSent', (ev) => {
      const isPreflight = ev.type === 'Preflight' || ev.initiator?.type === 'preflight' || ev.request.method === 'OPTIONS';
      if (!isPreflight || !ev.request.url.startsWith(origin)) return;
      preflightEntry(ev.requestId, ev.request.url).requestHeaders = lower(ev.request.headers);
    });
    cdp.on('Network.responseReceived', (ev) => {
      if (ev.type !== 'Preflight' && !preflights.has(ev.requestId)) return;
      if (!ev.response.url.startsWith(origin)) return;
      const entry = preflightEntry(ev.requestId, ev.response.url);
      entry.status = ev.response.status;
      entry.headers = lower(ev.response.headers);
    });
    cdp.on('Network.loadingFailed', (ev) => {
      const entry = preflights.get(ev.requestId);
      if (entry) entry.failure = ev.errorText || 'failed';
    });
    await cdp.send('Network.enable');
  });
  track(cdpReady);
  return {
    entries,
    ready: cdpReady,
    async settle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    lines() {
      return entries.map((e) => `${e.method} ${e.url.replace(origin, '')} -> ${e.status ?? e.failure ?? '?'} [${e.where}]`);
    },
  };
}

function lower(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers || {})) out[k.toLowerCase()] = v;
  return out;
}

/**
 * Drives the hosted login page (and the consent page when it appears) until the
 * browser lands back on `returnPrefix`. Optionally tries a wrong password first
 * and screenshots the login page.
 */
export async function completeHostedLogin(page, { authOrigin, returnPrefix, email, password, wrongPasswordFirst = false, screenshot }) {
  const onAuth = (u) => u.href.startsWith(authOrigin);
  const back = (u) => u.href.startsWith(returnPrefix);
  await page.waitForURL(onAuth);
  try {
    await page.waitForURL((u) => onAuth(u) && u.pathname.startsWith('/u/login'), { timeout: 10000 });
  } catch {
    const h1 = await page.textContent('h1').catch(() => null);
    throw new Error(`expected the hosted login page /u/login, stuck at ${page.url()}${h1 ? ` (h1: ${h1.trim()})` : ''}`);
  }
  await page.waitForSelector('input#username');
  if (screenshot) {
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  const seen = { login: page.url(), wrongPassword: null, consent: null };
  if (wrongPasswordFirst) {
    await page.fill('#username', email);
    await page.fill('#password', `${password}-wrong`);
    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(`${authOrigin}/u/login`)),
      page.click('button[type=submit]'),
    ]);
    await page.waitForLoadState();
    await page.locator('#error').waitFor({ timeout: 5000 }).catch(() => {
      throw new Error(`wrong password: no #error element on the re-rendered page (status ${resp.status()}, ${page.url()})`);
    });
    seen.wrongPassword = { status: resp.status(), message: (await page.textContent('#error'))?.trim() };
  }
  await page.fill('#username', email);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL((u) => back(u) || (onAuth(u) && !u.pathname.startsWith('/u/login'))),
    page.click('button[type=submit]'),
  ]);
  if (!back(new URL(page.url())) && new URL(page.url()).pathname.startsWith('/u/consent')) {
    seen.consent = page.url();
    await Promise.all([page.waitForURL(back), page.click('button[type=submit][name=action][value=accept]')]);
  }
  if (!back(new URL(page.url()))) {
    const h1 = await page.textContent('h1').catch(() => null);
    throw new Error(`login did not return to ${returnPrefix}; stuck at ${page.url()}${h1 ? ` (h1: ${h1.trim()})` : ''}`);
  }
  return seen;
}
