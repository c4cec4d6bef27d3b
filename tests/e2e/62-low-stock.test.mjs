// Low stock in the demo: a product pushed below its minimum at the warehouse simulator (the test-build seam
// `seam_demo_lower_stock`) raises exactly one desktop notification after a sync (counted through the
// SHOPDESK_NOTIFY_LOG seam), is listed in "Sắp hết" and exported; a second sync raises no second one. Its
// grid row, opened, shows the warehouse's listing and the fall in its stock history.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { launch, quit, screenshot, textOf } from "./helpers.mjs";

const notifyLog = process.env.SHOPDESK_NOTIFY_LOG;
const exportDir = process.env.SHOPDESK_EXPORT_DIR;

/** The notifications logged so far about `sku`. */
function noticesFor(sku) {
  if (!notifyLog || !existsSync(notifyLog)) return [];
  return readFileSync(notifyLog, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l))
    .filter((n) => n.kind === "lowStock" && Array.isArray(n.skus) && n.skus.includes(sku));
}

async function checkedAt(browser) {
  return (await (await browser.$('[data-testid="low-stock"]')).getAttribute("data-checked-at")) ?? "";
}

/** Click "Đồng bộ ngay" and wait for the app's own signal that the low-stock check after it ran. */
async function syncAndWaitForCheck(browser) {
  const before = await checkedAt(browser);
  await (await browser.$('[data-testid="sync-now"]')).click();
  await browser.waitUntil(async () => {
    const now = await checkedAt(browser);
    return now !== "" && now !== before;
  }, { timeout: 120000, timeoutMsg: "no low-stock check after the sync" });
}

describe("low stock in the demo workspace", () => {
  let browser;
  let sku = "";
  before(async () => {
    assert.ok(notifyLog, "SHOPDESK_NOTIFY_LOG is set by .ci/e2e.sh");
    assert.ok(exportDir, "SHOPDESK_EXPORT_DIR is set by .ci/e2e.sh");
    browser = await launch();
    await (await browser.$('[data-testid="nav-stock"]')).click();
    await (await browser.$('[data-testid="stock-tab-low"]')).click();
    // the start-up sync's check sets the marks (nothing it finds low is notified)
    await browser.waitUntil(async () => (await checkedAt(browser)) !== "", {
      timeout: 120000,
      timeoutMsg: "the start-up sync's low-stock check did not run",
    });
  });
  after(async () => {
    await quit(browser);
  });

  it("notifies once when a product goes below its minimum and lists it in Sắp hết", async () => {
    sku = await browser.execute(() => window.__TAURI_INTERNALS__.invoke("seam_demo_lower_stock", { sku: null }));
    assert.ok(typeof sku === "string" && sku.length > 0, `no product lowered: ${sku}`);
    assert.equal(noticesFor(sku).length, 0);
    await syncAndWaitForCheck(browser);
    await (await browser.$(`[data-testid="low-row"][data-sku="${sku}"]`)).waitForExist({ timeout: 10000 });
    await browser.waitUntil(async () => noticesFor(sku).length > 0, { timeout: 10000, timeoutMsg: "no notification" });
    const notices = noticesFor(sku);
    assert.equal(notices.length, 1, JSON.stringify(notices));
    assert.ok(notices[0].body.includes(sku), notices[0].body);
    // worded from the app's i18n files, in the user's language (Vietnamese by default)
    assert.equal(notices[0].title, "Sắp hết hàng");
    assert.match(notices[0].body, /dưới mức tối thiểu/);
    await screenshot(browser, "low-stock");
  });

  it("does not notify again while the product stays low", async () => {
    await syncAndWaitForCheck(browser);
    await (await browser.$(`[data-testid="low-row"][data-sku="${sku}"]`)).waitForExist({ timeout: 10000 });
    assert.equal(noticesFor(sku).length, 1);
  });

  it("exports the list with a suggested quantity to order", async () => {
    const before = new Set(readdirSync(exportDir));
    await (await browser.$('[data-testid="low-export"]')).click();
    await (await browser.$('[data-testid="low-export-csv"]')).click();
    let file = "";
    await browser.waitUntil(
      async () => {
        file = readdirSync(exportDir).find((f) => f.startsWith("sap-het-") && f.endsWith(".csv") && !before.has(f)) ?? "";
        return file !== "" && readFileSync(path.join(exportDir, file), "utf8").includes(sku);
      },
      { timeout: 10000, timeoutMsg: "no export with the product" },
    );
    const line = readFileSync(path.join(exportDir, file), "utf8")
      .split("\n")
      .find((l) => l.includes(sku));
    assert.ok(line && Number(line.trim().split(",").at(-1)) > 0, line);
  });

  it("opens the product's grid row with its listings and the fall in its stock history", async () => {
    await (await browser.$('[data-testid="stock-tab-all"]')).click();
    const search = await browser.$('[data-testid="stock-search"]');
    await search.setValue(sku);
    const row = await browser.$(`[data-testid="stock-row"][data-sku="${sku}"]`);
    await row.waitForExist({ timeout: 20000, timeoutMsg: `no grid row for ${sku}` });
    await (await row.$('[data-testid="stock-open-detail"]')).click();
    const body = await browser.$('[data-testid="stock-detail-body"]');
    await body.waitForExist({ timeout: 10000, timeoutMsg: "the detail did not open" });
    const vendors = [];
    for (const l of await browser.$$('[data-testid="detail-listing"]')) vendors.push(await l.getAttribute("data-vendor"));
    assert.ok(vendors.includes("onflow"), `listings: ${vendors}`);
    const physical = Number(await body.getAttribute("data-physical"));
    const moved = await textOf(browser, await browser.$('[data-testid="detail-history-physical"]'));
    const [before, after] = moved.split("→").map((x) => Number(x.replace(/\D/g, "")));
    assert.ok(before > after, `history: ${moved}`);
    assert.equal(after, physical);
    await screenshot(browser, "stock-detail");
  });
});
