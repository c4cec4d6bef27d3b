// Fast hands in the demo workspace: a barcode scan (a burst of keys ending in Enter) adds the item in the
// order form, a second scan adds one more, an unknown code says so; a known customer's phone offers the
// customer and their address, and "Dùng" fills the form.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { launch, quit, screenshot, textOf } from "./helpers.mjs";
import { openNewOrder, pickOption } from "./orders-helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));
// the scanner rule (ui/src/lib/scanner.ts): the longest gap between two keys of a scan
const MAX_GAP_MS = Number(/maxGapMs:\s*(\d+)/.exec(readFileSync(path.join(here, "../../ui/src/lib/scanner.ts"), "utf8"))?.[1]);

/** Record the page's keydown times (to check that WebDriver's keys come as fast as a scanner's). */
async function recordKeys(browser) {
  await browser.execute(() => {
    window.__keyTimes = [];
    if (!window.__keyRecorder) {
      // the characters and Enter (WebDriver may send Shift around capitals: not part of the timing)
      window.__keyRecorder = (e) => {
        if (e.key.length === 1 || e.key === "Enter") window.__keyTimes.push(e.timeStamp);
      };
      window.addEventListener("keydown", window.__keyRecorder, true);
    }
  });
}

let how = null;
/**
 * Scan `code` into whatever has focus: WebDriver key actions when they arrive within the scanner's gap,
 * else (said once in the log) the same keydown events dispatched in the page, as fast as a scanner sends them.
 */
async function scan(browser, code) {
  if (how !== "dispatch") {
    await recordKeys(browser);
    await browser.keys([...code, "Enter"]);
    const times = await browser.execute(() => window.__keyTimes);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    const slowest = Math.max(...gaps);
    if (times.length === code.length + 1 && slowest <= MAX_GAP_MS) {
      how ??= `WebDriver key actions (keys at most ${slowest.toFixed(1)} ms apart)`;
      return;
    }
    // too slow to be a scan, or keys lost on the way (seen in WebKitWebDriver: 10 of 12 keydowns reached the
    // page): the same keydown events are dispatched in the page, as fast as a scanner sends them
    console.log(
      `# WebDriver keys: ${times.length} of ${code.length + 1} keydowns reached the page, at most ${slowest.toFixed(1)} ms apart (rule: ${MAX_GAP_MS} ms): scans are dispatched in the page`,
    );
    how = "dispatch";
  }
  await browser.execute((c) => {
    const target = document.activeElement ?? document.body;
    for (const key of [...c, "Enter"]) target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
  }, code);
}

/** Focus nothing in particular (the page itself), as when the user has clicked beside the fields. */
async function focusPage(browser) {
  await browser.execute(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
}

async function scanState(browser, code) {
  const el = await browser.$(`[data-testid="scan-status"][data-code="${code}"]`);
  await el.waitForExist({ timeout: 15000, timeoutMsg: `no scan status for ${code}` });
  return el.getAttribute("data-state");
}

describe("fast hands in the demo workspace", () => {
  let browser;
  let phone;
  let vendor;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await quit(browser);
  });

  it("a scan adds the item in the order form, a second one more, an unknown code is named", async () => {
    await openNewOrder(browser);
    await (await browser.$('[data-testid="order-account"]')).click();
    await pickOption(browser, vi.vendors.pancake);
    // a SKU of the account's catalog, as the item search lists it ("SKU · name")
    const items = await browser.$('[data-testid="item-search"]');
    await items.click();
    await items.setValue("AT0");
    const option = await browser.$('[data-testid="item-option"]');
    await option.waitForDisplayed({ timeout: 15000 });
    const sku = (await textOf(browser, option)).split(" · ")[0].trim();
    assert.ok(sku.length >= 4, `a SKU to scan: ${sku}`);
    await items.clearValue();
    await browser.keys(["Escape"]);
    await focusPage(browser);

    await scan(browser, sku);
    assert.equal(await scanState(browser, sku), "added");
    const row = await browser.$('[data-testid="order-item"]');
    await row.waitForDisplayed({ timeout: 10000 });
    assert.ok((await textOf(browser, row)).includes(sku), "the scanned item's line");
    assert.equal(await (await browser.$('[data-testid="item-quantity"]')).getValue(), "1", "one scan, one unit");
    await screenshot(browser, "hands-scan-added");

    // the same code again: one more unit on the same line
    await focusPage(browser);
    await scan(browser, sku);
    await browser.waitUntil(async () => (await (await browser.$('[data-testid="item-quantity"]')).getValue()) === "2", {
      timeout: 10000,
      timeoutMsg: "the second scan did not add one more unit",
    });
    assert.equal((await browser.$$('[data-testid="order-item"]')).length, 1);

    await focusPage(browser);
    await scan(browser, "0000000000000");
    assert.equal(await scanState(browser, "0000000000000"), "unknown");
    const status = await textOf(browser, await browser.$('[data-testid="scan-status"]'));
    assert.ok(status.includes("0000000000000"), status);
    console.log(`# scans sent by ${how}`);
  });

  it("a known customer's phone offers the customer and their address", async () => {
    // phones of Pancake and Nhanh orders in the demo's list (not every buyer of an order has a customer record
    // at the vendor — seen in the demo — so each phone is tried until one is known)
    await (await browser.$('[data-testid="nav-orders"]')).click();
    const candidates = [];
    await browser.waitUntil(
      async () => {
        for (const el of await browser.$$('[data-testid="order-row"]')) {
          const v = await el.getAttribute("data-vendor");
          const m = /0[35789]\d{8}/.exec(await textOf(browser, el));
          if (m && (v === "pancake" || v === "nhanh") && !candidates.some((c) => c.phone === m[0])) candidates.push({ phone: m[0], vendor: v });
        }
        return candidates.length > 0;
      },
      { timeout: 30000, timeoutMsg: "no Pancake or Nhanh order with a mobile number in the list" },
    );
    await (await browser.$('[data-testid="orders-new"]')).click();
    const field = await browser.$('[data-testid="order-phone"]');
    await field.waitForDisplayed({ timeout: 10000 });
    let offer;
    for (const c of candidates.slice(0, 15)) {
      await field.setValue(c.phone);
      // the lookup's own answer for this number: offers, or none
      const settled = await browser.$(`[data-testid="customer-lookup"][data-phone="${c.phone}"]`);
      await settled.waitForExist({ timeout: 20000, timeoutMsg: `the lookup of ${c.phone} did not answer` });
      if ((await settled.getAttribute("data-state")) !== "offers") continue;
      offer = await browser.$(`[data-testid="customer-offer"][data-vendor="${c.vendor}"]`);
      if (await offer.isExisting()) {
        phone = c.phone;
        vendor = c.vendor;
        break;
      }
    }
    assert.ok(phone, `a known customer is offered for one of ${candidates.length} order phones`);
    const offered = await textOf(browser, offer);
    await screenshot(browser, "hands-customer-offer");
    await (await offer.$('[data-testid="customer-use"]')).click();
    const name = await (await browser.$('[data-testid="order-name"]')).getValue();
    assert.ok(name.length > 0 && offered.includes(name), `the name is filled from the offer: ${name} / ${offered}`);
    assert.ok((await (await browser.$('[data-testid="address-street"]')).getValue()).length > 0, "the street is filled");
    await (await browser.$('[data-testid="address-new"]')).waitForDisplayed({ timeout: 10000, timeoutMsg: "the address picker did not take the customer's ward" });
  });
});
