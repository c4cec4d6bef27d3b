// Orders that never dead-end (#22), in the demo workspace: a Pancake order the vendor refuses (a quantity beyond
// what Pancake takes) is opened from the outbox, fixed and sent again under a new reference, with the old one kept
// in its history; the created order's shipping label prints to a PDF through the print seam (SHOPDESK_PRINT_DIR,
// set by .ci/e2e.sh), and so does our packing slip.
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { fill, launch, quit, screenshot, textOf } from "./helpers.mjs";
import { fillOrder, openNewOrder } from "./orders-helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));
const PRINTS = process.env.SHOPDESK_PRINT_DIR;

async function rowsOf(browser) {
  const rows = [];
  for (const el of await browser.$$('[data-testid="outbox-row"]')) {
    rows.push({
      el,
      ref: await el.getAttribute("data-ref"),
      vendor: await el.getAttribute("data-vendor"),
      state: await el.getAttribute("data-state"),
      todo: await el.getAttribute("data-todo"),
      supersededBy: await el.getAttribute("data-superseded-by"),
      previous: (await el.getAttribute("data-previous-refs")) ?? "",
      vendorId: await textOf(browser, await el.$('[data-testid="outbox-vendor-id"]')),
    });
  }
  return rows;
}

async function waitRow(browser, what, pick, timeout = 30000) {
  let found;
  await browser
    .waitUntil(
      async () => {
        found = (await rowsOf(browser)).find(pick);
        return !!found;
      },
      { timeout, timeoutMsg: what },
    )
    .catch(async (e) => {
      await screenshot(browser, `order-work-${what.replace(/\W+/g, "_")}`);
      throw e;
    });
  return found;
}

describe("orders that never dead-end", () => {
  let browser;
  let refused;
  let fixed;
  before(async () => {
    assert.ok(PRINTS, "SHOPDESK_PRINT_DIR is set by .ci/e2e.sh");
    browser = await launch();
  });
  after(async () => {
    await quit(browser);
  });

  it("a refused Pancake order says what to do", async () => {
    await openNewOrder(browser);
    await fillOrder(browser, { vendor: "pancake", phone: "0912 345 678" });
    const qty = await browser.$('[data-testid="item-quantity"]');
    await fill(browser, qty, "2000000000");
    // more than the stock: the form asks before it lets the order go
    const allow = await browser.$('[data-testid="short-allow"]');
    await allow.waitForExist({ timeout: 10000 });
    await browser.execute((el) => el.click(), allow);
    await browser.waitUntil(async () => (await allow.isSelected()) === true, {
      timeout: 5000,
      timeoutMsg: "the short line was not allowed",
    });
    await browser.waitUntil(async () => (await browser.$('[data-testid="geo-ok"]')).isDisplayed(), {
      timeout: 15000,
      timeoutMsg: "the address did not resolve to Pancake's geo ids",
    });
    const before = new Set((await rowsOf(browser)).map((r) => r.ref));
    await (await browser.$('[data-testid="order-submit"]')).click();
    await (await browser.$('[data-testid="outbox-table"]')).waitForDisplayed({ timeout: 15000 });
    refused = await waitRow(
      browser,
      "the vendor did not refuse the order",
      (r) => r.vendor === "pancake" && !before.has(r.ref) && r.state === "failed",
    );
    assert.equal(refused.todo, "failed");
    const todo = await textOf(
      browser,
      await browser.$(`[data-testid="outbox-row"][data-ref="${refused.ref}"] [data-testid="outbox-todo"]`),
    );
    assert.ok(todo.includes(vi.orders.fix.todo.failed.slice(0, 12)), `the row says what to do: ${todo}`);
    assert.equal(await (await browser.$('[data-testid="orders-tab-sent"]')).getAttribute("data-attention") !== "0", true);
    await screenshot(browser, "order-refused");
  });

  it("is opened, fixed and sent again under a new reference, the old one kept in its history", async () => {
    await (await browser.$(`[data-testid="outbox-row"][data-ref="${refused.ref}"] [data-testid="outbox-fix"]`)).click();
    const banner = await browser.$('[data-testid="order-fixing"]');
    await banner.waitForDisplayed({ timeout: 10000 });
    assert.equal(await banner.getAttribute("data-ref"), refused.ref);
    assert.equal(await (await browser.$('[data-testid="order-name"]')).getValue(), "Nguyễn Thị Lan");
    const qty = await browser.$('[data-testid="item-quantity"]');
    await fill(browser, qty, "1");
    await screenshot(browser, "order-fixing");
    await (await browser.$('[data-testid="order-submit"]')).click();
    await (await browser.$('[data-testid="outbox-table"]')).waitForDisplayed({ timeout: 15000 });
    fixed = await waitRow(
      browser,
      "the fixed order was not created",
      (r) => r.previous.split(" ").includes(refused.ref) && r.state === "created" && r.vendorId.length > 0,
    );
    assert.notEqual(fixed.ref, refused.ref, "a new reference");
    const old = await waitRow(browser, "the old row is not marked replaced", (r) => r.ref === refused.ref && r.todo === "superseded");
    assert.equal(old.supersededBy, fixed.ref);
    assert.equal(old.state, "failed", "the old row stays as it was");
    const history = await textOf(
      browser,
      await browser.$(`[data-testid="outbox-row"][data-ref="${fixed.ref}"] [data-testid="outbox-previous"]`),
    );
    assert.ok(history.includes(refused.ref), `the new row names the old reference: ${history}`);
    await screenshot(browser, "order-fixed");
  });

  it("prints the created order's Pancake label to a PDF, and our packing slip", async () => {
    await (await browser.$('[data-testid="nav-orders"]')).click();
    await (await browser.$('[data-testid="orders-tab-all"]')).click();
    const rowSel = `[data-testid="order-row"][data-vendor="pancake"][data-vendor-id="${fixed.vendorId}"]`;
    await browser.waitUntil(async () => (await browser.$(rowSel)).isExisting(), {
      timeout: 20000,
      timeoutMsg: `the order ${fixed.vendorId} is not in the list`,
    });
    assert.equal(await (await browser.$(rowSel)).getAttribute("data-client-ref"), fixed.ref);
    await (await browser.$(`${rowSel} td`)).click();
    const shipping = await browser.$('[data-testid="order-shipping"]');
    await shipping.waitForDisplayed({ timeout: 10000 });
    // Pancake's tracking page comes from orders/get_tracking_url
    const link = await browser.$('[data-testid="detail-tracking-link"]');
    await link.waitForExist({ timeout: 15000 });
    assert.match(await link.getAttribute("data-url"), /pke\.gg\//);
    assert.equal(await textOf(browser, await browser.$('[data-testid="detail-item-count"]')), "1");

    const label = await browser.$('[data-testid="order-print-label"]');
    await label.click();
    await browser.waitUntil(async () => (await label.getAttribute("data-status")) === "done", {
      timeout: 20000,
      timeoutMsg: "the label did not print",
    });
    const file = await label.getAttribute("data-path");
    assert.ok(file.startsWith(PRINTS), `the label went through the print seam: ${file}`);
    const pdf = readFileSync(file);
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-", "a PDF");
    assert.ok(statSync(file).size > 500, `a real page (${statSync(file).size} bytes)`);
    assert.ok(pdf.toString("latin1").includes(`Don hang: #${fixed.vendorId}`), "the label is this order's");

    const slip = await browser.$('[data-testid="order-print-slip"]');
    await slip.click();
    await browser.waitUntil(async () => (await slip.getAttribute("data-status")) === "captured", {
      timeout: 15000,
      timeoutMsg: "the packing slip was not printed",
    });
    const page = path.join(PRINTS, `phieu-dong-goi-${fixed.vendorId}.html`);
    assert.ok(existsSync(page), "the slip's page was written");
    const html = readFileSync(page, "utf8");
    assert.ok(html.includes(vi.orders.print.slipTitle), "in Vietnamese");
    assert.ok(html.includes(fixed.vendorId));
    await screenshot(browser, "order-printed");
  });
});
