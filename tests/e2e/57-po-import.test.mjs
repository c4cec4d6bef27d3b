// Bulk inbound POs (#18) in the demo workspace: download the PO templates from the Nhập kho page, import a
// CSV made from the template (two POs, three packages, one row with an unknown SKU: that row's error shown,
// nothing sent yet), send the valid POs (each reaches the warehouse once, with its PO code), save the report.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { launch, quit, screenshot, textOf, ARTIFACTS } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));
const exports = () => process.env.SHOPDESK_EXPORT_DIR;

function nextPick(...paths) {
  const seam = process.env.SHOPDESK_PICK_FILE;
  assert.ok(seam, "SHOPDESK_PICK_FILE is set by .ci/e2e.sh");
  writeFileSync(seam, `${paths.join("|")}\n`);
}

/** CSV rows keyed by the template's own headers (so the test follows the template, not a copy of it). */
function csvFrom(headers, rows) {
  const esc = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\uFEFF${headers.map(esc).join(",")}\n${rows.map((r) => headers.map((h) => esc(String(r[h] ?? ""))).join(",")).join("\n")}\n`;
}

/** The day `days` from now as YYYY-MM-DD (the arrival may not be in the past). */
function dayFromNow(days) {
  const d = new Date(Date.now() + days * 86400000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Wait until `el`'s attribute `name` satisfies `ok` (a screenshot when it never does). */
async function waitAttr(browser, el, name, ok, what, timeout = 60000) {
  await browser.waitUntil(async () => ok(await el.getAttribute(name)), { timeout, timeoutMsg: what }).catch(async (e) => {
    await screenshot(browser, `po-import-${what.replace(/\W+/g, "_").slice(0, 40)}`);
    throw e;
  });
}

const rowEl = (browser, n) => browser.$(`[data-testid="po-import-row"][data-row="${n}"]`);
const poEl = (browser, ref) => browser.$(`[data-testid="po-import-po"][data-reference="${ref}"]`);

describe("bulk inbound POs from Excel in the demo workspace", () => {
  let browser;
  // references of this run (the journal refuses a reference twice)
  const tag = Date.now().toString(36).toUpperCase();
  const [refA, refB, refC] = ["A", "B", "C"].map((x) => `PN-${tag}-${x}`);
  before(async () => {
    for (const f of ["mau-phieu-nhap-kho.csv", "mau-phieu-nhap-kho.xlsx"]) rmSync(path.join(exports(), f), { force: true });
    browser = await launch();
    await (await browser.$('[data-testid="nav-inbound"]')).click();
    const open = await browser.$('[data-testid="po-import-open"]');
    await open.waitForEnabled({ timeout: 30000, timeoutMsg: "no Onflow account to import POs for" });
    await open.click();
    await (await browser.$('[data-testid="po-import"]')).waitForDisplayed({ timeout: 10000 });
  });
  after(async () => {
    await quit(browser);
  });

  it("saves the Excel and CSV PO templates with Vietnamese headers", async () => {
    await (await browser.$('[data-testid="po-import-template-xlsx"]')).click();
    await (await browser.$('[data-testid="po-import-template-csv"]')).click();
    const xlsx = path.join(exports(), "mau-phieu-nhap-kho.xlsx");
    const csv = path.join(exports(), "mau-phieu-nhap-kho.csv");
    await browser.waitUntil(async () => existsSync(xlsx) && existsSync(csv), { timeout: 10000, timeoutMsg: "templates not saved" });
    assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), "PK", "a real workbook");
    const header = readFileSync(csv, "utf8").replace(/^\uFEFF/, "").split("\n")[0];
    for (const h of ["Mã phiếu", "Kho", "Ngày dự kiến đến", "Kiểm hàng cùng", "Mã kiện", "Cân nặng (g)", "SKU", "Số lượng", "Ghi chú kiện"]) {
      assert.ok(header.includes(h), `template lacks ${h}`);
    }
  });

  it("previews a file with one bad row, sends the valid POs once each and saves the report", async () => {
    const headers = readFileSync(path.join(exports(), "mau-phieu-nhap-kho.csv"), "utf8").replace(/^\uFEFF/, "").split("\n")[0].split(",");
    const po = { Kho: "ONF_WH_HN_LB", "Ngày dự kiến đến": dayFromNow(10) };
    const file = path.join(ARTIFACTS, "upload", "phieu-nhap.csv");
    mkdirSync(path.dirname(file), { recursive: true });
    // AT0001-BE-L is in the demo catalog at every vendor, ACTIVE and mapped to Long Biên at Onflow
    writeFileSync(
      file,
      csvFrom(headers, [
        { "Mã phiếu": refA, ...po, "Kiểm hàng cùng": "có", "Mã kiện": "K1", "Cân nặng (g)": 2000, SKU: "AT0001-BE-L", "Số lượng": 5 },
        { "Mã phiếu": refA, "Mã kiện": "K2", "Cân nặng (g)": 1000, SKU: "at0001-be-l", "Số lượng": 3, "Ghi chú kiện": "Dễ vỡ" },
        { "Mã phiếu": refB, ...po, "Kiểm hàng cùng": "không", "Mã kiện": "K1", SKU: "AT0001-BE-L", "Số lượng": 4 },
        { "Mã phiếu": refC, ...po, "Mã kiện": "K1", SKU: "KHONG-CO-SKU-NAY", "Số lượng": 1 },
      ]),
    );
    nextPick(file);
    const pick = await browser.$('[data-testid="po-import-pick"]');
    // enabled once the account's warehouses and catalog are in the cache (the demo's first stock sync)
    await pick.waitForEnabled({ timeout: 60000, timeoutMsg: "no warehouse: the demo stock sync did not finish" });
    await pick.click();
    await (await browser.$('[data-testid="po-import-preview"]')).waitForDisplayed({ timeout: 20000 }).catch(async (e) => {
      await screenshot(browser, "po-import-no-preview");
      throw e;
    });
    await screenshot(browser, "po-import-preview");
    assert.equal((await browser.$$('[data-testid="po-import-row"]')).length, 4, "one line per row of the file");
    for (const n of [2, 3, 4]) assert.equal(await (await rowEl(browser, n)).getAttribute("data-state"), "ready", `row ${n}`);
    assert.equal(await (await rowEl(browser, 5)).getAttribute("data-state"), "error");
    const errors = await browser.$$('[data-testid="po-import-row-error"]');
    const texts = [];
    for (const e of errors) texts.push(await textOf(browser, e));
    assert.equal(errors.length, 1, `exactly the bad row is reported: ${texts.join(" | ")}`);
    assert.equal(await errors[0].getAttribute("data-row"), "5", "row 5 of the sheet (header = row 1)");
    assert.equal(await errors[0].getAttribute("data-code"), "sku.unknown");
    assert.ok(texts[0].includes(vi.inbound.import.codes.sku.unknown), texts[0]);
    assert.equal(await (await browser.$('[data-testid="po-import-valid"]')).getAttribute("data-count"), "2");
    assert.equal(await (await browser.$('[data-testid="po-import-invalid"]')).getAttribute("data-count"), "1");
    assert.equal(await (await poEl(browser, refA)).getAttribute("data-state"), "ready");
    assert.equal(await (await poEl(browser, refC)).getAttribute("data-state"), "error");

    await (await browser.$('[data-testid="po-import-send"]')).click();
    const bar = await browser.$('[data-testid="po-import-progress"]');
    await bar.waitForExist({ timeout: 10000 });
    assert.equal(await bar.getAttribute("data-total"), "2", "only the valid POs are sent");
    await waitAttr(browser, bar, "data-done", (d) => d === "2", "the import did not finish");
    for (const ref of [refA, refB]) {
      const el = await poEl(browser, ref);
      await waitAttr(browser, el, "data-state", (s) => s === "sent", `${ref} did not reach the warehouse`);
      assert.match(await el.getAttribute("data-po-code"), /^OAPO\d+$/);
    }
    for (const n of [2, 3, 4]) assert.equal(await (await rowEl(browser, n)).getAttribute("data-state"), "sent", `row ${n}`);
    assert.equal(await (await rowEl(browser, 5)).getAttribute("data-state"), "error", "the bad row was never sent");
    await screenshot(browser, "po-import-sent");

    const report = await browser.$('[data-testid="po-import-report"]');
    await report.waitForEnabled({ timeout: 10000 });
    await report.click();
    await browser.waitUntil(async () => readdirSync(exports()).some((f) => f.startsWith("ket-qua-nhap-phieu-")), {
      timeout: 10000,
      timeoutMsg: "the report was not saved",
    });
  });

  it("lists each sent PO once with the warehouse's own status", async () => {
    await browser.keys("Escape");
    await (await browser.$('[data-testid="po-import"]')).waitForDisplayed({ reverse: true, timeout: 10000 });
    for (const ref of [refA, refB]) {
      const row = await browser.$(`[data-testid="po-row"][data-reference="${ref}"]`);
      await row.waitForExist({ timeout: 20000 });
      await waitAttr(browser, row, "data-status", (s) => s === "TRANSIT", `${ref} has no warehouse status`);
      assert.equal((await browser.$$(`[data-testid="po-row"][data-reference="${ref}"]`)).length, 1, `${ref} once`);
    }
    assert.equal((await browser.$$(`[data-testid="po-row"][data-reference="${refC}"]`)).length, 0, "the bad PO was not sent");
    await screenshot(browser, "po-import-list");
  });
});
