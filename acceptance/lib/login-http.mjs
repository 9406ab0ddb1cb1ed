// Drives the hosted login + consent pages with plain fetch (no browser):
// follows redirects by hand, keeps cookies, fills the forms, submits.
import { CookieJar, parseForms, elementTextById } from './http.mjs';

/**
 * Starts at `startUrl` (an /authorize URL) and returns the first redirect whose
 * target starts with `redirectPrefix` (the callback URL with code/state).
 * `pages` (returned alongside) lists every HTML page met, for assertions.
 * Any HTML answer with status >= 400 (wrong password, error page) throws.
 *
 * options.consent: 'accept' | 'deny' — which consent button to press.
 */
export async function driveHostedLogin({ fetch, startUrl, redirectPrefix, username, password, consent = 'accept', jar = new CookieJar(), maxHops = 25 }) {
  let url = startUrl;
  let init = { method: 'GET' };
  const pages = [];
  for (let hop = 0; hop < maxHops; hop++) {
    const headers = { ...(init.headers || {}) };
    const cookie = jar.header();
    if (cookie) headers.cookie = cookie;
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location');
      await res.arrayBuffer();
      if (!location) throw new Error(`${res.status} without Location at ${url}`);
      const next = new URL(location, url).href;
      if (next.startsWith(redirectPrefix)) return { callbackUrl: next, pages, jar };
      url = next;
      init = { method: 'GET' };
      continue;
    }
    const html = await res.text();
    const pathname = new URL(url).pathname;
    const forms = parseForms(html, url);
    const h1 = html.match(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i)?.[1]?.replace(/<[^>]*>/g, '').trim() || null;
    const page = { url, pathname, status: res.status, error: elementTextById(html, 'error'), h1 };
    pages.push(page);
    if (res.status >= 400) {
      const err = new Error(`${init.method} ${pathname} answered ${res.status}: ${page.error || h1 || html.slice(0, 200)}`);
      err.page = page;
      err.pages = pages;
      throw err;
    }
    const form = forms.find((f) => f.method === 'POST') || forms[0];
    if (!form) throw new Error(`no form on ${url} (status ${res.status}, h1: ${page.h1}): ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    let sawUser = false;
    let sawPassword = false;
    for (const f of form.fields) {
      let value = f.value;
      if (f.name === 'username' || f.name === 'email') { value = username; sawUser = true; }
      if (f.name === 'password') { value = password; sawPassword = true; }
      fields.append(f.name, value);
    }
    if (sawPassword && !sawUser) throw new Error(`password form without username field on ${url}`);
    // Named submit buttons: on consent pick accept/deny, otherwise the first named one.
    const named = form.buttons.filter((b) => b.name);
    if (named.length) {
      const choice = named.find((b) => b.name === 'action' && b.value === consent) || named[0];
      fields.append(choice.name, choice.value ?? '');
    }
    page.submitted = Object.fromEntries([...fields].filter(([k]) => k !== 'password'));
    url = form.action;
    init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() };
  }
  throw new Error(`too many hops from ${startUrl}`);
}
