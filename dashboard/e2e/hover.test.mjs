// Hover documentation in the action editor (issue 6): the trigger's definitions reach Monaco with their
// JSDoc, so hovering over `enable` in `api.multifactor.enable("any")` explains what the call does.
// Self-contained: logs the operator in, creates a post-login action, hovers, and deletes the action.
//
//   PORTCULLIS_URL=https://localhost:8443 OPERATOR_EMAIL=... OPERATOR_PASSWORD=... node --test e2e/hover.test.mjs
//
// Optional: CHROMIUM_PATH (default /usr/bin/chromium). A failure screenshot goes to e2e/artifacts/.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, "artifacts");
const BASE = (process.env.PORTCULLIS_URL ?? "https://localhost:8443").replace(/\/$/, "");
const OPERATOR_EMAIL = process.env.OPERATOR_EMAIL;
const OPERATOR_PASSWORD = process.env.OPERATOR_PASSWORD;
const ACTION_NAME = `Hover docs ${Date.now().toString(36)}`;
const CODE = `exports.onExecutePostLogin = async (event, api) => { api.multifactor.enable("any"); };`;
// A phrase of the JSDoc of `multifactor.enable` in crates/actions/types/post-login/v3.d.ts.
const DOC_PHRASE = "Requires multi-factor authentication before tokens are issued";

let browser;
let page;

before(async () => {
  assert.ok(OPERATOR_EMAIL && OPERATOR_PASSWORD, "set OPERATOR_EMAIL and OPERATOR_PASSWORD");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(30000);
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
});

test("hovering over api.multifactor.enable in the action editor shows its documentation", async () => {
  try {
    // The operator's login, as in scenario.test.mjs: the dashboard sends it to the hosted login page.
    await page.goto(`${BASE}/dashboard/`);
    await page.locator("#username").waitFor();
    await page.fill("#username", OPERATOR_EMAIL);
    await page.fill("#password", OPERATOR_PASSWORD);
    await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
    await page.waitForURL((u) => !u.pathname.startsWith("/u/login"), { timeout: 15000 });
    const accept = page.locator("button[value=accept]");
    if (new URL(page.url()).pathname.startsWith("/u/consent") && (await accept.count())) {
      await Promise.all([page.waitForLoadState("load"), accept.click()]);
    }
    await page.waitForURL(`${BASE}/dashboard/**`);
    await page.getByRole("heading", { name: "Getting started" }).waitFor();

    await page.goto(`${BASE}/dashboard/actions`);
    await page.getByRole("button", { name: "+ Create Action", exact: true }).click();
    await page.getByLabel("Name").fill(ACTION_NAME);
    await Promise.all([page.waitForURL(/\/dashboard\/actions\/[^/?]+$/), page.getByRole("button", { name: "Create", exact: true }).click()]);
    const editor = page.getByTestId("action-code-editor");
    await editor.locator(".monaco-editor").waitFor();
    await editor.locator(".monaco-editor").first().click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(CODE);
    await page.keyboard.press("Escape"); // whatever the typing opened

    // Monaco renders runs of tokens as one span (e.g. "api.multifactor.enable"); the font is monospace,
    // so the middle of "enable" is found from the span's box and the word's offset in its text.
    const token = editor.locator(".view-lines span span").filter({ hasText: "enable" }).first();
    const tokenText = await token.innerText();
    const box = await token.boundingBox();
    assert.ok(box, "the token with `enable` is on screen");
    const charWidth = box.width / tokenText.length;
    const x = box.x + (tokenText.indexOf("enable") + 3) * charWidth;
    const y = box.y + box.height / 2;

    // The TypeScript worker may still be loading the definitions: hover again until the doc shows.
    const hoverWidget = page.locator(".monaco-hover:not(.hidden)").filter({ hasText: DOC_PHRASE });
    let shown = false;
    for (let attempt = 0; attempt < 10 && !shown; attempt++) {
      await page.mouse.move(5, 5);
      await page.mouse.move(x, y, { steps: 2 });
      shown = await hoverWidget
        .waitFor({ timeout: 3000 })
        .then(() => true)
        .catch(() => false);
    }
    assert.ok(shown, `the hover over "enable" shows "${DOC_PHRASE}"`);
    const text = await hoverWidget.first().innerText();
    assert.match(text, /enable\(provider: \S*MfaProvider/, "the hover shows the signature too");

    // Leave the tenant as it was.
    await page.mouse.move(5, 5);
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog").getByRole("textbox").fill(ACTION_NAME);
    await Promise.all([page.waitForURL(/\/dashboard\/actions$/), page.getByRole("dialog").getByRole("button", { name: "Delete" }).click()]);
  } catch (error) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "failure-hover.png") }).catch(() => undefined);
    throw error;
  }
});
