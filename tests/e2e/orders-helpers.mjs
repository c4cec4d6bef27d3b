// Order-form steps shared by the orders and files suites.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { screenshot, textOf } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));

/** Click the first visible option of the open dropdown whose text contains `needle`. */
export async function pickOption(browser, needle, selector = '[role="option"]') {
  let target;
  await browser.waitUntil(
    async () => {
      for (const el of await browser.$$(selector)) {
        if ((await textOf(browser, el)).includes(needle) && (await el.isDisplayed())) {
          target = el;
          return true;
        }
      }
      return false;
    },
    { timeout: 15000, timeoutMsg: `no option containing "${needle}"` },
  ).catch(async (e) => {
    await screenshot(browser, `no-option-${needle.replace(/\W+/g, "_")}`);
    throw e;
  });
  await target.click();
}

export async function openNewOrder(browser) {
  await (await browser.$('[data-testid="nav-orders"]')).click();
  await (await browser.$('[data-testid="orders-new"]')).click();
  await (await browser.$('[data-testid="order-account"]')).waitForDisplayed({ timeout: 10000 });
}

export async function fillOrder(browser, { vendor, phone }) {
  await (await browser.$('[data-testid="order-account"]')).click();
  await pickOption(browser, vi.vendors[vendor]);
  await (await browser.$('[data-testid="order-name"]')).setValue("Nguyễn Thị Lan");
  await (await browser.$('[data-testid="order-phone"]')).setValue(phone);
  await (await browser.$('[data-testid="address-street"]')).setValue("12 Lê Lợi");
  const search = await browser.$('[data-testid="address-search"]');
  await search.click();
  await search.setValue("ben nghe quan 1");
  await pickOption(browser, "Bến Nghé", '[data-testid="address-option"]');
  await browser.waitUntil(async () => (await textOf(browser, await browser.$('[data-testid="address-new"]'))).includes("Sài Gòn"), {
    timeout: 10000,
    timeoutMsg: "the picker did not show the 2025 form",
  });
  const items = await browser.$('[data-testid="item-search"]');
  await items.click();
  await items.setValue("AT0");
  await pickOption(browser, "AT0", '[data-testid="item-option"]');
  await (await browser.$('[data-testid="order-item"]')).waitForDisplayed({ timeout: 10000 });
  if (vendor === "onflow") {
    await (await browser.$('[data-testid="order-platform"]')).click();
    await pickOption(browser, "Shopee");
    await (await browser.$('[data-testid="order-marketplace-ref"]')).setValue("2511240001");
    await (await browser.$('[data-testid="order-waybill"]')).setValue("SPXVN0123456789");
  }
}

