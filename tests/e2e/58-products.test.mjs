// Products born once (#20) in the demo workspace: an image uploaded to the library, a two-variant product
// created at the three demo accounts from one form (the variants generated in Rust), each account's result
// waited on in the app's own list, and the new listings shown on the Stock page as one row per variant held by
// all three vendors, without a sync.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { launch, quit, screenshot, ARTIFACTS } from "./helpers.mjs";
import { pickOption } from "./orders-helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "../../src-tauri/crates/files/tests/fixtures");
const dir = path.join(ARTIFACTS, "products");
mkdirSync(dir, { recursive: true });
const image = path.join(dir, "ao-khoac-e2e.png");
const SKU = "SDE2E-AK";

function nextPick(...paths) {
  const seam = process.env.SHOPDESK_PICK_FILE;
  assert.ok(seam, "SHOPDESK_PICK_FILE is set by .ci/e2e.sh");
  writeFileSync(seam, `${paths.join("|")}\n`);
}

async function typeInto(browser, selector, value) {
  const el = await browser.$(selector);
  await el.click();
  await browser.keys(["Control", "a"]);
  await el.setValue(value);
}

describe("products created once for every account in the demo workspace", () => {
  let browser;
  before(async () => {
    copyFileSync(path.join(fixtures, "sample.png"), image);
    browser = await launch();
    // the image goes into the file library first
    await (await browser.$('[data-testid="nav-files"]')).click();
    nextPick(image);
    await (await browser.$('[data-testid="files-pick"]')).click();
    await (await browser.$('[data-testid="library-row"][data-name="ao-khoac-e2e.png"]')).waitForExist({ timeout: 20000 });
    await (await browser.$('[data-testid="nav-products"]')).click();
  });
  after(async () => {
    await quit(browser);
  });

  it("creates a two-variant product at Onflow, Pancake and Nhanh from one form", async () => {
    await (await browser.$('[data-testid="product-new"]')).click();
    await (await browser.$('[data-testid="product-form"]')).waitForDisplayed({ timeout: 10000 });
    const ref = await browser.$('[data-testid="product-reference"]');
    await browser.waitUntil(async () => (await ref.getValue()).startsWith("SD-SP-"), {
      timeout: 10000,
      timeoutMsg: "no reference was proposed",
    });
    await typeInto(browser, '[data-testid="product-name"]', "Áo khoác E2E");
    await typeInto(browser, '[data-testid="product-sku"]', SKU);
    await typeInto(browser, '[data-testid="product-price"]', "390000");
    await typeInto(browser, '[data-testid="product-weight"]', "600");
    await (await browser.$('[data-testid="product-add-attribute"]')).click();
    await typeInto(browser, '[data-testid="product-attr-name"]', "Màu");
    const values = await browser.$('[data-testid="product-attr-values"]');
    for (const v of ["Đen", "Trắng"]) {
      await values.click();
      await values.setValue(v);
      await browser.keys("Enter");
    }
    // the variants come from Rust's generator once the attributes settle
    await browser.waitUntil(
      async () => {
        const skus = [];
        for (const el of await browser.$$('[data-testid="product-variant-sku"]')) skus.push(await el.getValue());
        return skus.join(",") === `${SKU}-DEN,${SKU}-TRANG`;
      },
      { timeout: 15000, timeoutMsg: "the two variants were not generated" },
    );
    await (await browser.$('[data-testid="product-images"]')).click();
    await pickOption(browser, "ao-khoac-e2e.png");
    await browser.keys("Escape");
    const targets = await browser.$$('[data-testid="product-target"]');
    const vendors = [];
    for (const t of targets) vendors.push(await t.getAttribute("data-vendor"));
    for (const v of ["onflow", "pancake", "nhanh"]) assert.ok(vendors.includes(v), `${v} offered: ${vendors}`);
    await screenshot(browser, "products-form");
    const submit = await browser.$('[data-testid="product-submit"]');
    await browser.waitUntil(async () => submit.isEnabled(), { timeout: 10000, timeoutMsg: "submit stayed disabled" });
    await submit.click();
    await (await browser.$('[data-testid="product-form"]')).waitForDisplayed({ reverse: true, timeout: 15000 });

    // each account's result, as the app's own list shows it
    const row = await browser.$(`[data-testid="created-product"][data-sku="${SKU}"]`);
    await row.waitForExist({ timeout: 20000 });
    await browser
      .waitUntil(
        async () => {
          const states = [];
          for (const t of await row.$$('[data-testid="created-target"]')) states.push(await t.getAttribute("data-state"));
          return states.length >= 3 && states.every((s) => s === "created");
        },
        { timeout: 30000, timeoutMsg: "the product was not created at every account" },
      )
      .catch(async (e) => {
        await screenshot(browser, "products-not-created");
        throw e;
      });
    assert.equal((await browser.$$(`[data-testid="created-product"][data-sku="${SKU}"]`)).length, 1, "one product");
    await screenshot(browser, "products-created");
  });

  it("shows each variant on the Stock page as one row held by all three vendors, without a sync", async () => {
    await (await browser.$('[data-testid="nav-stock"]')).click();
    const search = await browser.$('[data-testid="stock-search"]');
    await search.waitForDisplayed({ timeout: 10000 });
    await search.setValue(SKU);
    // the grid's own count of the rows the search matches: one per variant
    const grid = await browser.$('[data-testid="stock-grid"]');
    await browser.waitUntil(async () => (await grid.getAttribute("data-total-rows")) === "2", {
      timeout: 15000,
      timeoutMsg: "the search did not narrow the grid to the product's two variants",
    });
    for (const sku of [`${SKU}-DEN`, `${SKU}-TRANG`]) {
      const row = await browser.$(`[data-testid="stock-row"][data-sku="${sku}"]`);
      await row.waitForExist({ timeout: 15000 });
      assert.equal(await row.getAttribute("data-vendors"), "nhanh onflow pancake", `${sku} is matched across the three vendors`);
    }
    await screenshot(browser, "products-on-stock");
  });
});
