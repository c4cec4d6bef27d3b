// Start-up that always opens a window: a damaged stock cache and a damaged order outbox open a recovery
// screen (not a crash). The cache is rebuilt at once; the outbox is changed only after the owner
// confirms, and it is backed up first. Runs last: it damages the data dir the other specs use.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { launch, quit, screenshot } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));
const dataDir = path.join(process.env.XDG_DATA_HOME ?? "", "vn.shopdesk.app");
const garbage = Buffer.from("this is not a database, just some bytes a crash left behind\n".repeat(80));

describe("recovery screen", () => {
  let browser;
  before(async () => {
    assert.ok(process.env.XDG_DATA_HOME, "run through .ci/desktop-session.sh");
    assert.ok(existsSync(dataDir), `the earlier specs created ${dataDir}`);
    for (const f of ["shopdesk.sqlite", "orders.sqlite"]) {
      for (const side of ["-wal", "-shm"]) {
        const p = path.join(dataDir, f + side);
        if (existsSync(p)) writeFileSync(p, "");
      }
      writeFileSync(path.join(dataDir, f), garbage);
    }
    browser = await launch({ ready: '[data-testid="recovery"]' });
  });
  after(async () => {
    await quit(browser);
  });

  it("shows both damaged files with their paths, rebuilds the cache, sets the outbox aside only after confirming", async () => {
    const problems = await browser.$$('[data-testid="recovery-problem"]');
    const files = [];
    for (const p of problems) files.push([await p.getAttribute("data-file"), await p.getAttribute("data-kind")]);
    assert.deepEqual(files.sort(), [
      ["outbox", "corrupt"],
      ["stockCache", "corrupt"],
    ]);
    await screenshot(browser, "recovery");
    await (await browser.$('[data-testid="recovery-rebuild"]')).click();
    // the cache is fixed; the outbox is still waiting for the owner's choice and untouched
    await browser.waitUntil(async () => (await browser.$$('[data-testid="recovery-problem"]')).length === 1, {
      timeout: 10000,
      timeoutMsg: "the cache was not rebuilt",
    });
    assert.deepEqual(readFileSync(path.join(dataDir, "orders.sqlite")), garbage, "the outbox was changed without asking");
    await (await browser.$('[data-testid="recovery-set-aside"]')).click();
    await (await browser.$('[data-testid="recovery-confirm-set-aside"]')).click();
    // the app opens
    await (await browser.$('[data-testid="nav-stock"]')).waitForDisplayed({ timeout: 20000 });
    const names = readdirSync(dataDir);
    assert.ok(names.some((n) => n.startsWith("shopdesk.sqlite.broken-")), names.join(" "));
    assert.ok(names.some((n) => n.startsWith("orders.sqlite.broken-")), names.join(" "));
    const backup = names.find((n) => n.startsWith("orders.sqlite.backup-"));
    assert.ok(backup, `no outbox backup: ${names.join(" ")}`);
    assert.deepEqual(readFileSync(path.join(dataDir, backup)), garbage, "the backup holds the old outbox");
    assert.ok(vi.recovery.title.length > 0);
  });
});
