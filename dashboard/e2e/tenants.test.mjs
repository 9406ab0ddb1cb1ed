// An operator of the home tenant switches between tenants in the dashboard (issue 6: "An operator can
// switch between tenants"). A second tenant is created with the CLI on b.localhost (Chromium resolves
// *.localhost to loopback; the development certificate does not name it, so HTTPS errors are
// ignored). The operator switches to it in the header, creates an application there, sees it listed,
// switches back and does not see it. Screenshots go to e2e/artifacts/ (tenant-switcher.png).
//
//   PORTCULLIS_URL=https://localhost:8443 OPERATOR_EMAIL=... OPERATOR_PASSWORD=... \
//   PORTCULLIS_BIN=.../portcullis PORTCULLIS_DATA_DIR=... npm run e2e
//
// scripts/acceptance.sh (ACCEPTANCE_SUITE=dashboard) sets all of these. Optional: CHROMIUM_PATH.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, "artifacts");
const BASE = (process.env.PORTCULLIS_URL ?? "https://localhost:8443").replace(/\/$/, "");
const HOME = new URL(BASE).host;
const OTHER = `b.localhost:${new URL(BASE).port || 443}`;
const { OPERATOR_EMAIL, OPERATOR_PASSWORD, PORTCULLIS_BIN, PORTCULLIS_DATA_DIR } = process.env;

const RUN = Date.now().toString(36);
const APP_HOME = `Home app ${RUN}`;
const APP_OTHER = `Tenant B app ${RUN}`;

let browser;
let page;
let broken = null;

const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
const go = (route) => page.goto(`${BASE}/dashboard${route}`);
const tenantSelect = () => page.getByRole("combobox", { name: "Tenant" });

/** Runs one step; after a failure the following steps are skipped (they depend on it). */
function step(name, fn) {
  test(name, async (t) => {
    if (broken) return t.skip(`skipped after "${broken}" failed`);
    try {
      await fn();
    } catch (error) {
      broken = name;
      await shot(`failure-tenants-${slug(name)}`).catch(() => undefined);
      throw error;
    }
  });
}

/** Switches tenants in the header; the dashboard reloads on Getting started for that tenant. */
async function switchTo(domain) {
  await Promise.all([page.waitForEvent("load"), tenantSelect().selectOption(domain)]);
  await page.getByRole("heading", { name: "Getting started" }).waitFor();
  assert.equal(await tenantSelect().inputValue(), domain);
  await page.getByText(domain, { exact: true }).first().waitFor();
}

async function createApplication(name) {
  await go("/applications");
  await page.getByRole("button", { name: "Create Application", exact: true }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(name);
  await page.getByRole("dialog").getByRole("radio", { name: /Single Page Web Applications/ }).check();
  await Promise.all([page.waitForURL(/\/dashboard\/applications\/[^/?]+/), page.getByRole("dialog").getByRole("button", { name: "Create" }).click()]);
}

/** The names of the applications listed on the Applications page, once it has loaded. */
async function listedApplications() {
  await go("/applications");
  const list = page.getByRole("list", { name: "Applications" });
  await list.or(page.getByText("No applications yet")).first().waitFor();
  return (await list.count()) ? list.getByRole("link").allTextContents() : [];
}

before(async () => {
  assert.ok(OPERATOR_EMAIL && OPERATOR_PASSWORD, "set OPERATOR_EMAIL and OPERATOR_PASSWORD");
  assert.ok(PORTCULLIS_BIN && PORTCULLIS_DATA_DIR, "set PORTCULLIS_BIN and PORTCULLIS_DATA_DIR (the running server's)");
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // Idempotent: a rerun against the same data dir finds the tenant.
  execFileSync(PORTCULLIS_BIN, ["tenant", "create", "--json", "--domain", OTHER, "--data-dir", PORTCULLIS_DATA_DIR], { stdio: ["ignore", "ignore", "inherit"] });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(30000);
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
});

step("the home operator logs in and sees every tenant in the header", async () => {
  await go("/");
  await page.locator("#username").waitFor();
  await page.fill("#username", OPERATOR_EMAIL);
  await page.fill("#password", OPERATOR_PASSWORD);
  await Promise.all([page.waitForURL(`${BASE}/dashboard/**`), page.click("button[type=submit]")]);
  await page.getByRole("heading", { name: "Getting started" }).waitFor();
  await tenantSelect().waitFor();
  const options = await tenantSelect().locator("option").evaluateAll((all) => all.map((o) => o.value));
  assert.equal(options[0], HOME, "the home tenant comes first");
  assert.ok(options.includes(OTHER), `the switcher lists ${OTHER}: ${options.join(", ")}`);
  assert.equal(await tenantSelect().inputValue(), HOME);
});

step("creates an application in the home tenant", async () => {
  await createApplication(APP_HOME);
  assert.ok((await listedApplications()).includes(APP_HOME));
});

step("switches to the other tenant and creates an application there", async () => {
  await switchTo(OTHER);
  const before = await listedApplications();
  assert.ok(!before.includes(APP_HOME), "the home tenant's application is not in the other tenant");
  await createApplication(APP_OTHER);
  await page.getByRole("tab", { name: "Settings" }).click();
  assert.equal(await page.getByLabel("Domain", { exact: true }).inputValue(), OTHER, "the application's settings show its tenant's domain");
  assert.ok((await listedApplications()).includes(APP_OTHER));
  await shot("tenant-switcher");
});

step("follows the other tenant's live logs across origins", async () => {
  await go("/live-logs");
  await page.getByTestId("stream-status").filter({ hasText: "CONNECTED" }).waitFor();
});

step("switches back to the home tenant and does not see the other tenant's application", async () => {
  await switchTo(HOME);
  const listed = await listedApplications();
  assert.ok(listed.includes(APP_HOME), `the home tenant lists its application: ${listed.join(", ")}`);
  assert.ok(!listed.includes(APP_OTHER), "the other tenant's application is not in the home tenant");
});
