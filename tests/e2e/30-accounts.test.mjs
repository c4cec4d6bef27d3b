// Accounts in the real app: the demo workspace at first start, a wrong Pancake key refused with the
// localized message, a real one connected against a simulator, still there after a restart, and the key
// nowhere in the app's data, config or cache dirs.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import JSZip from "jszip";
import { fill, launch, quit, screenshot, text, textOf } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));

/** Start the standalone simulators and read their one JSON line. */
function startSandbox() {
  const bin = process.env.SHOPDESK_SANDBOX;
  if (!bin) throw new Error("SHOPDESK_SANDBOX is not set; run through .ci/e2e.sh");
  const child = spawn(bin, ["--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d.toString();
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve({ child, info: JSON.parse(buf.slice(0, nl)) });
    });
    child.on("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
}

function filesUnder(dir) {
  let out = [];
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out = out.concat(filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

async function openAccounts(browser) {
  await (await browser.$('[data-testid="nav-accounts"]')).click();
  await browser.waitUntil(async () => (await text(browser, '[data-testid="page-title"]')) === vi.pages.accounts.title);
}

async function connectedLabels(browser) {
  // one command at a time: WebKitWebDriver drops the session on concurrent commands
  const labels = [];
  for (const c of await browser.$$('[data-testid="account-label"]')) labels.push(await textOf(browser, c));
  return labels;
}

describe("accounts", () => {
  let sandbox;
  let pancake;
  before(async () => {
    sandbox = await startSandbox();
    pancake = sandbox.info.pancake;
  });
  after(() => sandbox?.child.kill());

  it("opens the demo workspace, refuses a wrong key and connects a real Pancake shop", async () => {
    const browser = await launch();
    try {
      // no account yet: the demo workspace with its badge and three demo accounts
      await (await browser.$('[data-testid="demo-badge"]')).waitForDisplayed({ timeout: 10000 });
      await openAccounts(browser);
      await browser.waitUntil(async () => (await connectedLabels(browser)).length === 3, { timeout: 10000 });
      await screenshot(browser, "accounts-demo");

      await (await browser.$('[data-testid="add-account-button"]')).click();
      await fill(browser, '[data-testid="field-label"]', "Shop Hà Nội");
      await fill(browser, '[data-testid="field-baseUrl"]', pancake.base_url);
      await fill(browser, '[data-testid="field-apiKey"]', "khoa-sai-123456");
      await (await browser.$('[data-testid="find-shops"]')).click();
      const err = await browser.$('[data-testid="form-error"]');
      await err.waitForDisplayed({ timeout: 10000 });
      assert.equal(await err.getAttribute("data-code"), "unauthorized");
      const errText = await textOf(browser, err);
      assert.ok(errText.startsWith(vi.errors.unauthorized), errText);

      await fill(browser, '[data-testid="field-apiKey"]', pancake.api_key);
      await (await browser.$('[data-testid="find-shops"]')).click();
      await (await browser.$('[data-testid="field-shop"]')).waitForDisplayed({ timeout: 10000 });
      await (await browser.$('[data-testid="connect"]')).click();

      // the demo ends; only the real account is listed, with a mask of its key
      await browser.waitUntil(async () => {
        const labels = await connectedLabels(browser);
        return labels.length === 1 && labels[0] === "Shop Hà Nội";
      }, { timeout: 15000, timeoutMsg: "the connected account is not listed alone" });
      assert.equal(await (await browser.$('[data-testid="demo-banner"]')).isExisting(), false);
      const mask = await text(browser, '[data-testid="mask-apiKey"]');
      assert.ok(mask.includes(`••••${pancake.api_key.slice(-4)}`), mask);
      assert.ok(!mask.includes(pancake.api_key), "the full key is never shown again");

      await (await browser.$('[data-testid="test-account"]')).click();
      const result = await browser.$('[data-testid="test-result"]');
      await result.waitForDisplayed({ timeout: 10000 });
      assert.match(await textOf(browser, result), /\d+ kho/);
      await screenshot(browser, "accounts");
    } finally {
      await quit(browser);
    }
  });

  it("keeps the account after a restart, and it still works", async () => {
    const browser = await launch();
    try {
      await openAccounts(browser);
      await browser.waitUntil(async () => (await connectedLabels(browser)).join() === "Shop Hà Nội", {
        timeout: 10000,
        timeoutMsg: "the account did not survive the restart",
      });
      await (await browser.$('[data-testid="test-account"]')).click();
      await (await browser.$('[data-testid="test-result"]')).waitForDisplayed({ timeout: 10000 });
    } finally {
      await quit(browser);
    }
  });

  it("exports a diagnostics zip with this session's log and without the key", async () => {
    const browser = await launch();
    try {
      await (await browser.$('[data-testid="nav-settings"]')).click();
      await (await browser.$('[data-testid="settings-export-diagnostics"]')).click();
      const result = await browser.$('[data-testid="settings-diagnostics-result"]');
      await result.waitForDisplayed({ timeout: 20000 });
      const saved = (await textOf(browser, result)).match(/\S+\.zip/)?.[0];
      assert.ok(saved && existsSync(saved), `the zip is where the app says: ${saved}`);
      const zip = await JSZip.loadAsync(readFileSync(saved));
      const names = Object.keys(zip.files);
      assert.ok(names.some((n) => /^logs\/shopdesk\..*\.log$/.test(n)), `a log file: ${names}`);
      for (const section of ["versions.json", "accounts.json", "sync-runs.json", "outbox.json"]) {
        assert.ok(names.includes(section), `${section} in ${names}`);
      }
      const entries = await Promise.all(names.map((n) => zip.files[n].async("string")));
      const all = entries.join("\n");
      assert.match(all, /ShopDesk starting/, "this session's log");
      assert.match(all, /"vendor": "pancake"/, "the connected account is listed");
      assert.ok(!all.includes(pancake.api_key), "the key is not in the bundle");
      assert.ok(!readFileSync(saved).includes(pancake.api_key), "nor in the zip's bytes");
    } finally {
      await quit(browser);
    }
  });

  it("never writes the key to the app's data, config or cache dirs", () => {
    const dirs = [process.env.XDG_DATA_HOME, process.env.XDG_CONFIG_HOME, process.env.XDG_CACHE_HOME].filter(Boolean);
    assert.ok(dirs.length === 3, "the E2E session sets private XDG dirs");
    const files = dirs.flatMap(filesUnder);
    assert.ok(files.some((f) => f.endsWith("accounts.json")), "the account metadata file exists");
    // WebKit may still be tidying its storage dir after the last window closed: a file listed a moment ago can be gone
    // by the time it is read, and a file that no longer exists holds no key.
    const contents = (f) => {
      try {
        return statSync(f).size < 64 * 1024 * 1024 ? readFileSync(f) : null;
      } catch (e) {
        if (e.code === "ENOENT") return null;
        throw e;
      }
    };
    const leaks = files.filter((f) => contents(f)?.includes(pancake.api_key));
    assert.deepEqual(leaks, []);
  });

  it("removing the account deletes its keyring entry", async () => {
    const browser = await launch();
    try {
      await openAccounts(browser);
      const card = await browser.$('[data-testid="account-card"]');
      await card.waitForDisplayed({ timeout: 10000 });
      const id = await card.getAttribute("data-account-id");
      const lookup = () => {
        try {
          return execFileSync("secret-tool", ["lookup", "service", "shopdesk", "username", id]).toString();
        } catch {
          return "";
        }
      };
      assert.ok(lookup().includes(pancake.api_key), "the key is in the real keyring before removal");
      await (await browser.$('[data-testid="remove-account"]')).click();
      await (await browser.$('[data-testid="confirm-remove"]')).click();
      await browser.waitUntil(async () => (await connectedLabels(browser)).length === 0, {
        timeout: 10000,
        timeoutMsg: "the account is still listed",
      });
      assert.equal(lookup(), "", "the keyring entry is gone");
      // with no account left, the demo workspace opens again in one click (the later suites use it)
      const demo = await browser.$('[data-testid="demo-start"]');
      await demo.waitForDisplayed({ timeout: 10000 });
      await demo.click();
      await (await browser.$('[data-testid="demo-badge"]')).waitForDisplayed({ timeout: 20000 });
    } finally {
      await quit(browser);
    }
  });
});
