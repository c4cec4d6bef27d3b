// The Stock page in the demo workspace: rows from all three vendors after the start-up sync, a seeded
// mismatch flagged, diacritics-free search, and an export containing the visible rows.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { launch, quit, screenshot, syncNowAndWait, text, textOf } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));
const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();

async function totalRows(browser) {
  const grid = await browser.$('[data-testid="stock-grid"]');
  await grid.waitForExist({ timeout: 10000 });
  return Number(await grid.getAttribute("data-total-rows"));
}

async function visibleNames(browser) {
  const names = [];
  for (const el of await browser.$$('[data-testid="stock-name"]')) names.push(await textOf(browser, el));
  return names;
}

describe("stock in the demo workspace", () => {
  let browser;
  before(async () => {
    browser = await launch();
    await (await browser.$('[data-testid="nav-stock"]')).click();
  });
  after(async () => {
    await quit(browser);
  });

  it("shows rows from all three vendors after the start-up sync", async () => {
    // the app's own signal: every account's sync has finished (a status card per account says so)
    await browser.waitUntil(
      async () => {
        const cards = await browser.$$('[data-testid="sync-status"]');
        if (cards.length < 3) return false;
        for (const c of cards) if (!["ok", "partial"].includes(await c.getAttribute("data-state"))) return false;
        return true;
      },
      { timeout: 120000, timeoutMsg: "the start-up sync of the demo accounts did not finish" },
    );
    await browser.waitUntil(async () => (await totalRows(browser)) >= 80, {
      timeout: 10000,
      timeoutMsg: "the demo sync did not fill the grid",
    });
    const headers = await text(browser, '[data-testid="stock-grid"]');
    for (const v of ["pancake", "onflow", "nhanh"]) {
      const label = vi.accounts.demoLabel.replace("{{vendor}}", vi.vendors[v]);
      assert.ok(headers.includes(label), `no column of ${label}`);
    }
    await browser.waitUntil(async () => (await browser.$$('[data-testid="stock-row"]')).length > 5, { timeout: 10000 });
    await screenshot(browser, "stock-demo");
  });

  it("updates the rows in place when a sync re-reads them (no row's cells made again)", async () => {
    // every element the page adds from here on is counted; the first row's name element is kept
    await browser.execute(() => {
      window.__gridAdded = 0;
      window.__gridFirstName = document.querySelector('[data-testid="stock-name"]');
      window.__gridWatch = new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) {
            if (n.nodeType !== 1) continue;
            if (n.matches('[data-testid="stock-name"]') || n.querySelector('[data-testid="stock-name"]')) window.__gridAdded++;
          }
        }
      });
      window.__gridWatch.observe(document.querySelector('[data-testid="stock-grid"]'), { childList: true, subtree: true });
    });
    const grid = await browser.$('[data-testid="stock-grid"]');
    const readAt = await grid.getAttribute("data-updated-at");
    // the app's own signals: every account's run has finished again, and the grid has read its rows again
    await syncNowAndWait(browser);
    await browser.waitUntil(async () => (await grid.getAttribute("data-updated-at")) !== readAt, {
      timeout: 20000,
      timeoutMsg: "the grid did not read its rows again after the sync",
    });
    const kept = await browser.execute(() => {
      window.__gridWatch.disconnect();
      return { connected: window.__gridFirstName?.isConnected === true, added: window.__gridAdded };
    });
    assert.equal(kept.added, 0, "a sync made rows' cells again instead of updating them");
    assert.ok(kept.connected, "the first row's name is a new element after the sync");
  });

  it("flags a seeded mismatch and can show only mismatches", async () => {
    const all = await totalRows(browser);
    await (await browser.$('[data-testid="mismatches-only"]')).click();
    await browser.waitUntil(async () => (await totalRows(browser)) < all, { timeout: 10000 });
    const n = await totalRows(browser);
    assert.ok(n > 0, "no mismatch in the demo data");
    await (await browser.$('[data-testid="flag-mismatch"]')).waitForDisplayed({ timeout: 10000 });
    assert.equal(await text(browser, '[data-testid="flag-mismatch"]'), vi.stock.mismatch);
    await (await browser.$('[data-testid="mismatches-only"]')).click();
    await browser.waitUntil(async () => (await totalRows(browser)) === all, { timeout: 10000 });
  });

  it('finds "Áo …" when searching "ao"', async () => {
    const all = await totalRows(browser);
    const search = await browser.$('[data-testid="stock-search"]');
    await search.setValue("ao");
    await browser.waitUntil(async () => (await totalRows(browser)) < all, { timeout: 10000 });
    await browser.waitUntil(async () => (await visibleNames(browser)).length > 0, { timeout: 10000 });
    const names = await visibleNames(browser);
    assert.ok(names.some((n) => n.startsWith("Áo")), names.join(" | "));
    // every row shown matches: a word of its name starts with "ao" once accents are folded
    for (const n of names) assert.ok(fold(n).split(/[^a-z0-9]+/).some((w) => w.startsWith("ao")), n);
    await screenshot(browser, "stock-search");
  });

  it("exports the current view with the visible rows", async () => {
    const dir = process.env.SHOPDESK_EXPORT_DIR;
    assert.ok(dir, "SHOPDESK_EXPORT_DIR is set by .ci/e2e.sh");
    const before = existsSync(dir) ? readdirSync(dir).length : 0;
    const names = await visibleNames(browser);
    await (await browser.$('[data-testid="export"]')).click();
    await (await browser.$('[data-testid="export-csv"]')).click();
    await browser.waitUntil(() => existsSync(dir) && readdirSync(dir).length > before, { timeout: 10000 });
    const file = readdirSync(dir)
      .filter((f) => f.endsWith(".csv"))
      .map((f) => path.join(dir, f))
      .sort()
      .pop();
    const csv = readFileSync(file, "utf8");
    for (const n of names.slice(0, 5)) assert.ok(csv.includes(n), `export lacks ${n}`);
    assert.ok(csv.includes("Tên sản phẩm"), "Vietnamese headers");
  });

  it("separates a product by hand on the Products page, and it stays separate", async () => {
    await (await browser.$('[data-testid="nav-products"]')).click();
    await (await browser.$('[data-testid="matching-tab-all"]')).click();
    await browser.waitUntil(async () => (await browser.$$('[data-testid="matching-row"]')).length > 0, {
      timeout: 10000,
      timeoutMsg: "the matching page lists no products",
    });
    const rows = await browser.$$('[data-testid="matching-row"]');
    const first = await textOf(browser, rows[0]);
    await (await rows[0].$(`button=${vi.products.separate}`)).click();
    await (await browser.$('[data-testid="matching-tab-manual"]')).click();
    await browser.waitUntil(async () => (await browser.$$('[data-testid="matching-row"]')).length === 1, {
      timeout: 10000,
      timeoutMsg: "the manual decision is not listed",
    });
    const manual = await textOf(browser, (await browser.$$('[data-testid="matching-row"]'))[0]);
    assert.equal(manual.slice(0, 20), first.slice(0, 20));
    assert.ok(manual.includes(vi.products.manual));
  });
});
