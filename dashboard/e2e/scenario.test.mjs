// End-to-end scenario through the dashboard only (issue 6, acceptance 1–3), against a running server:
// operator login; create the SPA application with its URLs; users admin and user; role Admin,
// assigned; an action typed into Monaco; the test panel with and without Admin; save draft; deploy;
// drag the action into the post-login flow and Apply; enable one-time passwords. Then the admin logs
// in to a sample SPA (auth0-spa-js) and is asked to enroll MFA while the plain user is not. Finally a
// second version is deployed, diffed with the first and the first restored; a login proves the
// restored code is live. Screenshots of the main pages go to e2e/artifacts/.
//
//   PORTCULLIS_URL=https://localhost:8443 OPERATOR_EMAIL=... OPERATOR_PASSWORD=... npm run e2e
//
// Optional: CHROMIUM_PATH (default /usr/bin/chromium), SPA_PORT (default 3444),
// PORTCULLIS_TLS_CERT / PORTCULLIS_TLS_KEY for the sample SPA's HTTPS (else a throwaway self-signed one).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, "artifacts");
const BASE = (process.env.PORTCULLIS_URL ?? "https://localhost:8443").replace(/\/$/, "");
const DOMAIN = new URL(BASE).host;
const OPERATOR_EMAIL = process.env.OPERATOR_EMAIL;
const OPERATOR_PASSWORD = process.env.OPERATOR_PASSWORD;
const SPA_PORT = Number(process.env.SPA_PORT ?? 3444);
const SPA_ORIGIN = `https://localhost:${SPA_PORT}`;
const SDK = path.join(HERE, "..", "node_modules", "@auth0", "auth0-spa-js", "dist", "auth0-spa-js.production.js");

const RUN = Date.now().toString(36);
const APP_NAME = `Scenario SPA ${RUN}`;
const ADMIN = { email: `admin-${RUN}@example.com`, password: `Admin-${RUN}-pass!` };
const USER = { email: `user-${RUN}@example.com`, password: `User-${RUN}-pass!` };
const ROLE = "Admin";
const ACTION_NAME = `MFA for admins ${RUN}`;
const SEED = `exports.onExecutePostLogin = async (event, api) => { if (event.authorization && event.authorization.roles.includes("Admin")) api.multifactor.enable("any"); };`;
const SECOND = `exports.onExecutePostLogin = async (event, api) => { api.access.deny("version 2 denies everyone"); };`;

// Monaco's Format Document key binding differs by platform.
const FORMAT_DOCUMENT = process.platform === "darwin" ? "Shift+Alt+F" : process.platform === "win32" ? "Shift+Alt+F" : "Control+Shift+I";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const sampleEvent = (roles) => ({
  user: {
    user_id: "auth0|sample",
    email: "sample@example.com",
    email_verified: true,
    created_at: "2025-01-01T00:00:00.000Z",
    updated_at: "2025-01-01T00:00:00.000Z",
    app_metadata: {},
    user_metadata: {},
    identities: [],
  },
  authorization: { roles },
  client: { client_id: "sample", name: "Sample", metadata: {} },
  connection: { id: "con_1", name: "Username-Password-Authentication", strategy: "auth0" },
  request: { ip: "127.0.0.1", method: "GET", geoip: {} },
  secrets: {},
  stats: { logins_count: 1 },
  tenant: { id: "default" },
  transaction: { metadata: {} },
});

let browser;
let dashboard; // the operator's page
let spaServer;
let clientId;
let broken = null;

const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });

/** Runs one step; after a failure the following steps are skipped (they depend on it). */
function step(name, fn, page = () => dashboard) {
  test(name, async (t) => {
    if (broken) return t.skip(`skipped after "${broken}" failed`);
    try {
      await fn();
    } catch (error) {
      broken = name;
      await shot(page(), `failure-${slug(name)}`).catch(() => undefined);
      throw error;
    }
  });
}

function tls() {
  if (process.env.PORTCULLIS_TLS_CERT && process.env.PORTCULLIS_TLS_KEY) {
    return { cert: fs.readFileSync(process.env.PORTCULLIS_TLS_CERT), key: fs.readFileSync(process.env.PORTCULLIS_TLS_KEY) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-e2e-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`, "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
  return { cert: fs.readFileSync(`${dir}/cert.pem`), key: fs.readFileSync(`${dir}/key.pem`) };
}

/** A sample SPA on the real auth0-spa-js: ?client_id=... configures it; #status tells the outcome. */
const SPA_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sample SPA</title>
<script src="/auth0-spa-js.production.js"></script></head><body>
<h1>Sample SPA</h1><button id="login" type="button">Log in</button>
<p>status: <span id="status">loading</span></p><pre id="user"></pre><pre id="error"></pre>
<script>
(async function () {
  var q = new URLSearchParams(location.search);
  if (q.has('client_id')) sessionStorage.setItem('spa', JSON.stringify({ domain: q.get('domain'), clientId: q.get('client_id') }));
  var cfg = JSON.parse(sessionStorage.getItem('spa'));
  var show = function (id, text) { document.getElementById(id).textContent = text; };
  try {
    var client = await auth0.createAuth0Client({ domain: cfg.domain, clientId: cfg.clientId, authorizationParams: { redirect_uri: location.origin + '/' } });
    document.getElementById('login').onclick = function () { client.loginWithRedirect(); };
    if (q.has('state') && (q.has('code') || q.has('error'))) {
      await client.handleRedirectCallback();
      history.replaceState({}, '', '/');
    }
    var user = await client.getUser();
    show('user', user ? JSON.stringify(user) : '');
    show('status', user ? 'authenticated' : 'anonymous');
  } catch (e) {
    show('error', (e.error || e.name) + ': ' + (e.error_description || e.message));
    show('status', 'error');
  }
})();
</script></body></html>`;

async function startSpa() {
  const server = https.createServer(tls(), (req, res) => {
    const { pathname } = new URL(req.url, SPA_ORIGIN);
    if (pathname === "/auth0-spa-js.production.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      fs.createReadStream(SDK).pipe(res);
    } else if (pathname === "/favicon.ico") {
      res.writeHead(404).end();
    } else {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(SPA_HTML);
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(SPA_PORT, "127.0.0.1", resolve);
  });
  return server;
}

/** The hosted login page (#username, #password), then the consent page if one follows. */
async function hostedLogin(page, email, password) {
  await page.locator("#username").waitFor();
  await page.fill("#username", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
  await page.waitForURL((u) => !u.pathname.startsWith("/u/login"), { timeout: 15000 });
  const accept = page.locator("button[value=accept]");
  if (new URL(page.url()).pathname.startsWith("/u/consent") && (await accept.count())) {
    await Promise.all([page.waitForLoadState("load"), accept.click()]);
  }
}

/**
 * Replaces the content of a Monaco editor by typing. insertText avoids auto-closed brackets; keep the
 * text on one line, since Monaco re-indents inserted newlines.
 */
async function replaceEditorText(page, editor, text) {
  await editor.locator(".monaco-editor").first().click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

const go = (route) => dashboard.goto(`${BASE}/dashboard${route}`);
const button = (name) => dashboard.getByRole("button", { name, exact: true });
const dialog = () => dashboard.getByRole("dialog");

/** A login to the sample SPA in a fresh context; returns where it ended: "mfa-enrollment", "authenticated" or the error. */
async function spaLogin(credentials, label) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(`${SPA_ORIGIN}/?domain=${encodeURIComponent(DOMAIN)}&client_id=${encodeURIComponent(clientId)}`);
    await page.locator("#status").filter({ hasText: /anonymous|error/ }).waitFor();
    await Promise.all([page.waitForURL((u) => u.origin === BASE), page.click("#login")]);
    await hostedLogin(page, credentials.email, credentials.password);
    await page.waitForURL((u) => u.origin === SPA_ORIGIN || /mfa|error/.test(u.pathname), { timeout: 15000 });
    await shot(page, `spa-${label}`);
    const where = new URL(page.url());
    if (where.origin !== SPA_ORIGIN) return where.pathname.includes("mfa-otp-enrollment") ? "mfa-enrollment" : where.pathname;
    await page.locator("#status").filter({ hasText: /authenticated|error/ }).waitFor();
    const status = await page.textContent("#status");
    return status === "authenticated" ? status : `error: ${await page.textContent("#error")}`;
  } catch (error) {
    await shot(page, `failure-spa-${label}`).catch(() => undefined);
    throw new Error(`${label}'s login to the sample SPA stopped at ${page.url()}: ${error.message}`);
  } finally {
    await context.close();
  }
}

before(async () => {
  assert.ok(OPERATOR_EMAIL && OPERATOR_PASSWORD, "set OPERATOR_EMAIL and OPERATOR_PASSWORD");
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(30000);
  dashboard = await context.newPage();
  spaServer = await startSpa();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (spaServer ? spaServer.close(resolve) : resolve()));
});

step("the operator logs in to the dashboard", async () => {
  await go("/");
  await hostedLogin(dashboard, OPERATOR_EMAIL, OPERATOR_PASSWORD);
  await dashboard.waitForURL(`${BASE}/dashboard/**`);
  await dashboard.getByRole("heading", { name: "Getting started" }).waitFor();
  await shot(dashboard, "getting-started");
});

step("creates the SPA application with its URLs", async () => {
  await go("/applications");
  await button("Create Application").click();
  await dialog().getByLabel("Name").fill(APP_NAME);
  await dialog().getByRole("radio", { name: /Single Page Web Applications/ }).check();
  await Promise.all([dashboard.waitForURL(/\/dashboard\/applications\/[^/?]+/), dialog().getByRole("button", { name: "Create" }).click()]);
  await dashboard.getByRole("tab", { name: "Settings" }).click();
  clientId = await dashboard.getByLabel("Client ID", { exact: true }).inputValue();
  assert.ok(clientId, "the new application shows its client ID");
  await dashboard.getByLabel("Allowed Callback URLs").fill(`${SPA_ORIGIN}/`);
  await dashboard.getByLabel("Allowed Logout URLs").fill(`${SPA_ORIGIN}/`);
  await dashboard.getByLabel("Allowed Web Origins").fill(SPA_ORIGIN);
  await button("Save Changes").click();
  await dashboard.getByText("Changes saved").waitFor();
  await go("/applications");
  await dashboard.getByRole("link", { name: APP_NAME }).waitFor();
  await shot(dashboard, "applications");
});

for (const [label, who] of [
  ["admin", ADMIN],
  ["user", USER],
]) {
  step(`creates the user ${label}`, async () => {
    await go("/users");
    await button("+ Create User").click();
    await dialog().getByLabel("Email").fill(who.email);
    await dialog().getByLabel("Password").fill(who.password);
    await Promise.all([dashboard.waitForURL(/\/dashboard\/users\/[^/?]+/), dialog().getByRole("button", { name: "Create" }).click()]);
    await dashboard.getByRole("heading", { name: who.email }).waitFor();
  });
}

step("creates the role Admin and assigns it to admin", async () => {
  await go("/roles");
  const existing = dashboard.getByRole("link", { name: ROLE, exact: true });
  await dashboard.getByRole("table", { name: "Roles" }).or(dashboard.getByText("No roles yet")).waitFor();
  if (await existing.count()) {
    await existing.click(); // a rerun against the same tenant reuses the role
  } else {
    await button("+ Create Role").click();
    await dialog().getByLabel("Name").fill(ROLE);
    await dialog().getByLabel("Description").fill("Administrators: MFA required");
    await Promise.all([dashboard.waitForURL(/\/dashboard\/roles\/[^/?]+/), dialog().getByRole("button", { name: "Create" }).click()]);
  }
  await dashboard.getByRole("tab", { name: "Users" }).click();
  await button("Add Users").click();
  await dialog().getByLabel("Search users").fill(ADMIN.email);
  await dialog().getByRole("button", { name: "Search" }).click();
  await dialog().getByRole("checkbox", { name: ADMIN.email }).check();
  await dialog().getByRole("button", { name: "Assign" }).click();
  await dashboard.getByRole("table", { name: "Users with this role" }).getByRole("link", { name: ADMIN.email }).waitFor();
});

step("creates the action by typing the seed code into Monaco", async () => {
  await go("/actions");
  await button("+ Create Action").click();
  await dashboard.getByLabel("Name").fill(ACTION_NAME);
  assert.equal(await dashboard.getByLabel("Trigger").inputValue(), "post-login");
  await Promise.all([dashboard.waitForURL(/\/dashboard\/actions\/[^/?]+$/), button("Create").click()]);
  const editor = dashboard.getByTestId("action-code-editor");
  await editor.locator(".monaco-editor").waitFor();
  // The trigger's definitions are loaded: `event.` completes with the post-login event's fields.
  await replaceEditorText(dashboard, editor, "exports.onExecutePostLogin = async (event, api) => { event.");
  await dashboard.keyboard.press("Escape"); // whatever the typing opened
  await dashboard.keyboard.press("Control+Space"); // Trigger Suggest, at `event.`
  await dashboard.locator(".suggest-widget").getByText("authorization", { exact: true }).waitFor();
  await dashboard.keyboard.press("Escape");
  await replaceEditorText(dashboard, editor, SEED);
  await button("Format code").click();
  await editor.locator(".monaco-editor").first().click();
  await dashboard.keyboard.press("Home"); // scroll the one-liner back to its start for the screenshots
  await dashboard.getByText("Unsaved changes").waitFor();
  await button("Save Draft").click();
  await dashboard.getByTestId("draft-state").waitFor();
});

step("the test panel shows one multifactor command for Admin and none without", async () => {
  await dashboard.getByRole("button", { name: "Test", exact: true }).click();
  const payload = dashboard.getByTestId("test-event-editor");
  await payload.locator(".monaco-editor").waitFor();

  await replaceEditorText(dashboard, payload, JSON.stringify(sampleEvent(["Admin"])));
  await dashboard.keyboard.press(FORMAT_DOCUMENT); // pretty-prints the JSON for the screenshot
  await button("Run").click();
  const commands = dashboard.getByTestId("test-command");
  await commands.first().waitFor();
  assert.equal(await commands.count(), 1);
  assert.match(await commands.first().textContent(), /multifactor\.enable/);
  await shot(dashboard, "action-editor");

  await replaceEditorText(dashboard, payload, JSON.stringify(sampleEvent([])));
  await button("Run").click();
  await dashboard.getByTestId("test-commands-empty").waitFor();
  assert.equal(await commands.count(), 0);
});

step("deploys the action", async () => {
  await button("Deploy").click();
  await dashboard.getByTestId("action-status").getByText("Deployed v1").waitFor({ timeout: 60000 });
});

step("drags the action into the post-login flow and applies it", async () => {
  await go("/flows/post-login");
  const source = dashboard.getByTestId(`available-action-${ACTION_NAME}`);
  await source.waitFor();
  await source.dragTo(dashboard.getByTestId("flow-dropzone"));
  await dashboard.getByTestId("flow-item").filter({ hasText: ACTION_NAME }).waitFor();
  // A rerun against the same tenant finds earlier runs' actions bound: the flow keeps only this one.
  const others = dashboard.getByTestId("flow-item").filter({ hasNotText: ACTION_NAME });
  while ((await others.count()) > 0) {
    await others.first().getByRole("button", { name: /^Remove .* from flow$/ }).click();
  }
  assert.equal(await dashboard.getByTestId("flow-item").count(), 1);
  await shot(dashboard, "flow");
  await button("Apply").click();
  await dashboard.getByText("Flow applied").waitFor();
  await dashboard.reload();
  await dashboard.getByTestId("flow-item").filter({ hasText: ACTION_NAME }).waitFor();
});

step("enables one-time password", async () => {
  await go("/security");
  const otp = dashboard.getByRole("switch", { name: "One-time Password" });
  if ((await otp.getAttribute("aria-checked")) !== "true") await otp.click();
  await dashboard.getByText("One-time Password enabled").waitFor().catch(() => undefined);
  assert.equal(await otp.getAttribute("aria-checked"), "true");
  await dashboard.reload();
  assert.equal(await dashboard.getByRole("switch", { name: "One-time Password" }).getAttribute("aria-checked"), "true");
  await shot(dashboard, "security");
});

step("the admin is asked to enroll MFA in the sample SPA, the plain user is not", async () => {
  assert.equal(await spaLogin(ADMIN, "admin"), "mfa-enrollment");
  assert.equal(await spaLogin(USER, "user"), "authenticated");
});

step("the logs show the logins", async () => {
  await go("/logs");
  await dashboard.getByRole("table", { name: "Log events" }).waitFor();
  await shot(dashboard, "logs");
});

step("a second version is deployed and diffed with the first; the first is restored and runs", async () => {
  await go("/actions");
  await dashboard.getByRole("link", { name: ACTION_NAME }).click();
  const editor = dashboard.getByTestId("action-code-editor");
  await editor.locator(".monaco-editor").waitFor();
  await replaceEditorText(dashboard, editor, SECOND);
  await button("Deploy").click();
  await dashboard.getByTestId("action-status").getByText("Deployed v2").waitFor({ timeout: 60000 });
  assert.notEqual(await spaLogin(USER, "user-denied-by-v2"), "authenticated", "version 2 denies the login");

  await dashboard.getByRole("button", { name: "Version History", exact: true }).click();
  await dashboard.getByTestId("version-1").waitFor();
  await button("Compare version 1 with draft").click();
  await dialog().getByTestId("diff-editor").locator(".monaco-diff-editor").waitFor();
  await shot(dashboard, "version-diff");
  await dialog().getByRole("button", { name: "Restore this version" }).click();
  await dashboard.getByRole("dialog", { name: "Restore version 1?" }).getByRole("button", { name: "Restore" }).click();
  await dashboard.getByText("Version 1 restored").waitFor();
  await dashboard.getByTestId("action-status").getByText("Deployed v3").waitFor();

  assert.equal(await spaLogin(USER, "user-after-restore"), "authenticated");
  assert.equal(await spaLogin(ADMIN, "admin-after-restore"), "mfa-enrollment");
});
