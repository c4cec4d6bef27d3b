// Orders in the demo workspace: an invalid phone is refused inline and nothing is sent; one order per vendor
// through the form (address picker, catalog item, vendor fields) appears with its vendor id.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { launch, quit, screenshot, textOf } from "./helpers.mjs";
import { fillOrder, openNewOrder, pickOption } from "./orders-helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));

async function outboxRows(browser) {
  const rows = [];
  for (const el of await browser.$$('[data-testid="outbox-row"]')) {
    rows.push({
      vendor: await el.getAttribute("data-vendor"),
      state: await el.getAttribute("data-state"),
      vendorId: await textOf(browser, await el.$('[data-testid="outbox-vendor-id"]')),
    });
  }
  return rows;
}

describe("orders in the demo workspace", () => {
  let browser;
  const created = {};
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await quit(browser);
  });

  it("refuses an invalid phone inline and sends nothing", async () => {
    await openNewOrder(browser);
    await fillOrder(browser, { vendor: "pancake", phone: "0123 45" });
    await (await browser.$('[data-testid="order-submit"]')).click();
    const error = await browser.$('[data-testid="order-invalid"]');
    await error.waitForDisplayed({ timeout: 10000 });
    const form = await textOf(browser, await browser.$("main"));
    assert.ok(form.includes(vi.validation.phone.invalid), "the phone field shows the Vietnamese message");
    await screenshot(browser, "order-invalid-phone");
    await (await browser.$('[data-testid="nav-orders"]')).click();
    await (await browser.$('[data-testid="orders-tab-sent"]')).click();
    await browser.pause(500);
    assert.equal((await outboxRows(browser)).length, 0, "nothing was stored or sent");
  });

  for (const vendor of ["pancake", "nhanh", "onflow"]) {
    it(`creates a ${vendor} order through the form and shows its vendor id`, async () => {
      await openNewOrder(browser);
      await fillOrder(browser, { vendor, phone: "+84 912 345 678" });
      if (vendor === "nhanh") {
        // the carrier list comes from Nhanh's shipping/carrier
        await (await browser.$('[data-testid="order-carrier"]')).click();
        await pickOption(browser, "Giao hàng nhanh");
      }
      if (vendor !== "onflow") {
        await browser.waitUntil(async () => (await browser.$('[data-testid="geo-ok"]')).isDisplayed(), {
          timeout: 15000,
          timeoutMsg: `the address did not resolve to ${vendor}'s geo ids`,
        });
      }
      await screenshot(browser, `order-form-${vendor}`);
      await (await browser.$('[data-testid="order-submit"]')).click();
      await (await browser.$('[data-testid="outbox-table"]')).waitForDisplayed({ timeout: 15000 });
      let row;
      await browser.waitUntil(
        async () => {
          row = (await outboxRows(browser)).find((r) => r.vendor === vendor);
          return row?.state === "created" && row.vendorId.length > 0;
        },
        { timeout: 30000, timeoutMsg: `the ${vendor} order was not created` },
      ).catch(async (e) => {
        await screenshot(browser, `order-not-created-${vendor}`);
        throw new Error(`${e.message}: ${JSON.stringify(row)}`);
      });
      created[vendor] = row.vendorId;
      await screenshot(browser, `order-created-${vendor}`);
    });
  }

  it("lists every created order with its vendor id in the one list, and cancels one", async () => {
    await (await browser.$('[data-testid="orders-tab-all"]')).click();
    const search = await browser.$('[data-testid="orders-search"]');
    await search.waitForDisplayed({ timeout: 10000 });
    for (const vendor of ["pancake", "nhanh", "onflow"]) {
      assert.ok(created[vendor], `no ${vendor} order was created earlier`);
      const sel = `[data-testid="order-row"][data-vendor="${vendor}"][data-vendor-id="${created[vendor]}"]`;
      await browser.waitUntil(async () => (await browser.$(sel)).isExisting(), {
        timeout: 20000,
        timeoutMsg: `the ${vendor} order ${created[vendor]} is not in the list`,
      });
    }
    // search by the customer's phone, typed the local way
    await search.setValue("0912 345");
    await browser.waitUntil(
      async () => {
        const rows = await browser.$$('[data-testid="order-row"]');
        if (rows.length < 2) return false;
        for (const el of rows) if (!(await textOf(browser, el)).includes("912")) return false;
        return true;
      },
      { timeout: 10000, timeoutMsg: "the phone search did not keep only that customer's orders" },
    );
    await search.clearValue();
    const rowSel = `[data-testid="order-row"][data-vendor="pancake"][data-vendor-id="${created.pancake}"]`;
    await browser.waitUntil(async () => (await browser.$(rowSel)).isExisting(), { timeout: 10000 });
    await (await browser.$(`${rowSel} td`)).click();
    const cancel = await browser.$('[data-testid="order-cancel"]');
    await cancel.waitForDisplayed({ timeout: 10000 });
    const history = await browser.$('[data-testid="detail-history"]');
    await history.waitForDisplayed({ timeout: 10000 });
    await cancel.click();
    // the app asks before it cancels at the vendor
    const confirm = await browser.$('[data-testid="order-cancel-confirm"]');
    await confirm.waitForDisplayed({ timeout: 10000 });
    await confirm.click();
    await browser.waitUntil(
      async () => (await (await browser.$('[data-testid="order-detail"] [data-testid="order-status"]')).getAttribute("data-status")) === "cancelled",
      { timeout: 15000, timeoutMsg: "the cancel was not reflected" },
    );
    await screenshot(browser, "order-cancelled");
    await browser.keys("Escape");
    await browser.waitUntil(async () => (await (await browser.$(rowSel)).getAttribute("data-status")) === "cancelled", {
      timeout: 10000,
      timeoutMsg: "the list does not show the order cancelled",
    });
  });
});
