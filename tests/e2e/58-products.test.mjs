// Products born once (#20) in the demo workspace: an image uploaded to the library, a two-variant product
// created at the three demo accounts from one form (the variants generated in Rust), each account's result
// waited on in the app's own list, and the new listings shown on the Stock page as one row per variant held by
// all three vendors, without a sync; then its price edited once (previewed: Onflow's API cannot edit, so it is
// named and left alone), the new price read back from Pancake and Nhanh by a sync, and the product retired at all
// three after a confirmation; then two products created from a spreadsheet (one row per variant), a third refused
// at its row before anything is sent.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { fill, launch, quit, screenshot, syncNowAndWait, ARTIFACTS } from "./helpers.mjs";
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
    await fill(browser, '[data-testid="product-name"]', "Áo khoác E2E");
    await fill(browser, '[data-testid="product-sku"]', SKU);
    await fill(browser, '[data-testid="product-price"]', "390000");
    await fill(browser, '[data-testid="product-weight"]', "600");
    await (await browser.$('[data-testid="product-add-attribute"]')).click();
    await fill(browser, '[data-testid="product-attr-name"]', "Màu");
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

  /** The product's row in the created list, and each account's change of `kind` once it settles. */
  async function changesSettle(kind, vendors) {
    const row = await browser.$(`[data-testid="created-product"][data-sku="${SKU}"]`);
    await row.waitForExist({ timeout: 20000 });
    await browser
      .waitUntil(
        async () => {
          for (const v of vendors) {
            const c = await row.$(`[data-testid="created-target"][data-vendor="${v}"] [data-testid="created-target-change"]`);
            if (!(await c.isExisting())) return false;
            if ((await c.getAttribute("data-kind")) !== kind || (await c.getAttribute("data-state")) !== "done") return false;
          }
          return true;
        },
        { timeout: 30000, timeoutMsg: `the ${kind} did not reach ${vendors}` },
      )
      .catch(async (e) => {
        await screenshot(browser, `products-${kind}-not-done`);
        throw e;
      });
    return row;
  }

  it("edits the price once with a preview, and a sync reads the new price back from Pancake and Nhanh", async () => {
    await (await browser.$('[data-testid="nav-products"]')).click();
    const row = await browser.$(`[data-testid="created-product"][data-sku="${SKU}"]`);
    await row.waitForExist({ timeout: 20000 });
    await (await row.$('[data-testid="created-product-edit"]')).click();
    const modal = await browser.$('[data-testid="product-edit"]');
    await modal.waitForDisplayed({ timeout: 10000 });
    // the form opens on the stored values
    const priceField = await browser.$('[data-testid="edit-price"]');
    await browser.waitUntil(async () => (await priceField.getValue()).replace(/\./g, "") === "390000", {
      timeout: 10000,
      timeoutMsg: "the edit form did not open on the stored price",
    });
    await fill(browser, priceField, "420000");
    // the preview comes from Rust once the typing settles: one change, sent where the vendor's API can edit
    await (await browser.$('[data-testid="edit-preview"][data-diffs="1"]')).waitForExist({ timeout: 15000 });
    await (await browser.$('[data-testid="edit-target"][data-vendor="onflow"] [data-testid="edit-cannot"]')).waitForExist({ timeout: 5000 });
    for (const v of ["pancake", "nhanh"]) {
      const t = await browser.$(`[data-testid="edit-target"][data-vendor="${v}"]`);
      assert.equal(await t.getAttribute("data-sends"), "price", `${v} gets the new price`);
    }
    await screenshot(browser, "products-edit-preview");
    const send = await browser.$('[data-testid="edit-submit"]');
    await browser.waitUntil(async () => send.isEnabled(), { timeout: 10000, timeoutMsg: "send stayed disabled" });
    await send.click();
    // the modal closes once the edit is stored (its buttons leave the page)
    await send.waitForExist({ reverse: true, timeout: 15000 });
    await changesSettle("edit", ["pancake", "nhanh"]);

    // a sync reads the catalog back from the vendors: the new price is theirs now
    await (await browser.$('[data-testid="nav-stock"]')).click();
    await (await browser.$('[data-testid="sync-now"]')).waitForDisplayed({ timeout: 10000 });
    await syncNowAndWait(browser);
    await (await browser.$('[data-testid="nav-products"]')).click();
    await (await browser.$('[data-testid="matching-tab-all"]')).click();
    await (await browser.$('[data-testid="matching-search"]')).setValue(`${SKU}-DEN`);
    // on the Products page too, each vendor's listing is in one group held by the three accounts
    await browser.waitUntil(async () => (await browser.$$(`[data-testid="matching-row"][data-sku="${SKU}-DEN"]`)).length === 3, {
      timeout: 15000,
      timeoutMsg: "the search did not show the variant's three listings",
    });
    for (const r of await browser.$$(`[data-testid="matching-row"][data-sku="${SKU}-DEN"]`)) {
      assert.equal(await r.getAttribute("data-group-accounts"), "3", "one group across the three accounts");
    }
    for (const v of ["pancake", "nhanh"]) {
      const open = await browser.$(`[data-testid="listing-open"][data-vendor="${v}"][data-sku="${SKU}-DEN"]`);
      await open.waitForDisplayed({ timeout: 20000 });
      await open.click();
      const price = await browser.$('[data-testid="listing-modal"] [data-testid="listing-price"]');
      await price.waitForExist({ timeout: 10000 });
      assert.equal(await price.getAttribute("data-price"), "420000", `${v} sells it at the new price`);
      await browser.keys("Escape");
      await price.waitForExist({ reverse: true, timeout: 10000 });
    }
    await screenshot(browser, "products-edited");
  });

  it("retires it at all three after a confirmation", async () => {
    const row = await browser.$(`[data-testid="created-product"][data-sku="${SKU}"]`);
    await row.waitForExist({ timeout: 20000 });
    await (await row.$('[data-testid="created-product-retire"]')).click();
    const confirm = await browser.$('[data-testid="confirm-retire"]');
    await confirm.waitForDisplayed({ timeout: 10000 });
    await screenshot(browser, "products-retire-confirm");
    await confirm.click();
    await browser.waitUntil(async () => (await row.getAttribute("data-retired")) === "true", {
      timeout: 15000,
      timeoutMsg: "the product was not marked retired",
    });
    await changesSettle("retire", ["onflow", "pancake", "nhanh"]);
    assert.equal(await (await row.$('[data-testid="created-product-edit"]')).isExisting(), false, "a retired product is not edited");
    await screenshot(browser, "products-retired");
  });

  it("creates products from a spreadsheet, refusing the row that is wrong before anything is sent", async () => {
    const csv = path.join(dir, "san-pham-e2e.csv");
    writeFileSync(
      csv,
      "\ufeffMã sản phẩm,Tên sản phẩm,Giá bán,Khối lượng (g),Thuộc tính 1,Giá trị 1\n" +
        "SDE2E-XA,Áo Excel E2E,199000,300,Màu,Đen\n" +
        "SDE2E-XA,,,,Màu,Trắng\n" +
        "SDE2E-XB,Quần Excel E2E,250000,400,,\n" +
        "SDE2E-XC,Mũ Excel E2E,mười nghìn,100,,\n",
    );
    await (await browser.$('[data-testid="product-import-open"]')).click();
    const modal = await browser.$('[data-testid="product-import"]');
    await modal.waitForDisplayed({ timeout: 10000 });
    await browser.waitUntil(async () => (await browser.$$('[data-testid="product-import-account"]')).length === 3, {
      timeout: 10000,
      timeoutMsg: "the three demo accounts were not offered",
    });
    nextPick(csv);
    await (await browser.$('[data-testid="product-import-pick"]')).click();
    await (await browser.$('[data-testid="product-import-preview"]')).waitForDisplayed({ timeout: 20000 });
    const state = async (sku) => (await browser.$(`[data-testid="product-import-product"][data-sku="${sku}"]`)).getAttribute("data-state");
    assert.equal(await state("SDE2E-XA"), "ready");
    assert.equal(await state("SDE2E-XB"), "ready");
    assert.equal(await state("SDE2E-XC"), "error");
    const error = await browser.$('[data-testid="product-import-row-error"]');
    assert.equal(await error.getAttribute("data-row"), "5");
    await screenshot(browser, "products-import-preview");
    await (await browser.$('[data-testid="product-import-send"]')).click();
    await browser
      .waitUntil(async () => (await state("SDE2E-XA")) === "created" && (await state("SDE2E-XB")) === "created", {
        timeout: 60000,
        timeoutMsg: "the file's products were not created at every account",
      })
      .catch(async (e) => {
        await screenshot(browser, "products-import-not-created");
        throw e;
      });
    const progress = await browser.$('[data-testid="product-import-progress"]');
    assert.equal(await progress.getAttribute("data-done"), "2");
    await screenshot(browser, "products-imported");
    await browser.keys("Escape");
    await modal.waitForDisplayed({ reverse: true, timeout: 10000 });
    // each is in the list of products created from ShopDesk, with its accounts' results
    await (await browser.$('[data-testid="created-product"][data-sku="SDE2E-XA"]')).waitForExist({ timeout: 10000 });
  });
});
