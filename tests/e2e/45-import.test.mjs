// Bulk order import in the demo workspace: download the templates, import a CSV made from the template with
// one bad row (that row's error shown, nothing sent yet), send the valid orders with progress, save the report.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { launch, quit, screenshot, textOf, ARTIFACTS } from "./helpers.mjs";
import { pickOption } from "./orders-helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));
const exports = () => process.env.SHOPDESK_EXPORT_DIR;

function nextPick(...paths) {
  writeFileSync(process.env.SHOPDESK_PICK_FILE, `${paths.join("|")}\n`);
}

/** CSV rows keyed by the template's own headers (so the test follows the template, not a copy of it). */
function csvFrom(headers, rows) {
  const esc = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\uFEFF${headers.map(esc).join(",")}\n${rows.map((r) => headers.map((h) => esc(String(r[h] ?? ""))).join(",")).join("\n")}\n`;
}

describe("bulk order import in the demo workspace", () => {
  let browser;
  before(async () => {
    for (const f of ["mau-nhap-don.csv", "mau-nhap-don.xlsx"]) rmSync(path.join(exports(), f), { force: true });
    browser = await launch();
    await (await browser.$('[data-testid="nav-orders"]')).click();
    await (await browser.$('[data-testid="orders-import"]')).click();
    await (await browser.$('[data-testid="import-template-xlsx"]')).waitForDisplayed({ timeout: 10000 });
  });
  after(async () => {
    await quit(browser);
  });

  it("saves the Excel and CSV templates with Vietnamese headers", async () => {
    await (await browser.$('[data-testid="import-template-xlsx"]')).click();
    await (await browser.$('[data-testid="import-template-csv"]')).click();
    const xlsx = path.join(exports(), "mau-nhap-don.xlsx");
    const csv = path.join(exports(), "mau-nhap-don.csv");
    await browser.waitUntil(async () => existsSync(xlsx) && existsSync(csv), { timeout: 10000, timeoutMsg: "templates not saved" });
    assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), "PK", "a real workbook");
    const header = readFileSync(csv, "utf8").replace(/^\uFEFF/, "").split("\n")[0];
    for (const h of ["Mã đơn", "Tên khách hàng", "Số điện thoại", "SKU", "Số lượng"]) assert.ok(header.includes(h), `template lacks ${h}`);
  });

  it("previews a file with one bad row, sends the valid orders and saves the report", async () => {
    const headers = readFileSync(path.join(exports(), "mau-nhap-don.csv"), "utf8").replace(/^\uFEFF/, "").split("\n")[0].split(",");
    const addr = { "Địa chỉ": "12 Lê Lợi", "Phường/Xã": "Phường Bến Nghé", "Quận/Huyện": "Quận 1", "Tỉnh/Thành phố": "TP Hồ Chí Minh" };
    const file = path.join(ARTIFACTS, "upload", "don-hang.csv");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      csvFrom(headers, [
        { "Mã đơn": "A1", "Tên khách hàng": "Nguyễn Văn An", "Số điện thoại": "0912345678", ...addr, SKU: "AT0001-BE-L", "Số lượng": 2 },
        { "Mã đơn": "A1", SKU: "at0001-be-l", "Số lượng": 1, "Giảm giá/SP": "10.000đ" },
        { "Mã đơn": "A2", "Tên khách hàng": "Trần Thị Bình", "Số điện thoại": "12345", ...addr, SKU: "AT0001-BE-L", "Số lượng": 1 },
        { "Mã đơn": "A3", "Tên khách hàng": "Lê Văn Cường", "Số điện thoại": "+84 98 765 4321", ...addr, SKU: "AT0001-BE-L", "Số lượng": 3, "Phí vận chuyển": "30.000" },
      ]),
    );
    await (await browser.$('[data-testid="import-account"]')).click();
    await pickOption(browser, vi.vendors.pancake);
    nextPick(file);
    const pick = await browser.$('[data-testid="import-pick"]');
    await pick.waitForEnabled({ timeout: 60000, timeoutMsg: "no warehouse: the demo stock sync did not finish" });
    await pick.click();
    await (await browser.$('[data-testid="import-preview"]')).waitForDisplayed({ timeout: 20000 }).catch(async (e) => {
      await screenshot(browser, "import-no-preview");
      throw e;
    });
    const errors = await browser.$$('[data-testid="import-row-error"]');
    const texts = [];
    for (const e of errors) texts.push(await textOf(browser, e));
    await screenshot(browser, "import-preview");
    assert.equal(errors.length, 1, `exactly the bad row is reported: ${texts.join(" | ")}`);
    assert.equal(await errors[0].getAttribute("data-row"), "4", "row 4 of the sheet (header = row 1)");
    assert.equal(await errors[0].getAttribute("data-code"), "phone.invalid");
    assert.ok((await textOf(browser, errors[0])).includes(vi.validation.phone.invalid));
    assert.equal(await textOf(browser, await browser.$('[data-testid="import-valid"]')), vi.orders.import.validCount.replace("{{count}}", "2"));
    await screenshot(browser, "import-preview");

    await (await browser.$('[data-testid="import-send"]')).click();
    const bar = await browser.$('[data-testid="import-progress"]');
    await bar.waitForExist({ timeout: 10000 });
    await browser.waitUntil(async () => (await bar.getAttribute("data-done")) === "2", { timeout: 30000, timeoutMsg: "the import did not finish" });
    const states = [];
    for (const el of await browser.$$('[data-testid="import-order-state"]')) states.push(await el.getAttribute("data-state"));
    assert.deepEqual(states, ["created", "created"]);
    await (await browser.$('[data-testid="import-report"]')).click();
    await browser.waitUntil(async () => readdirSync(exports()).some((f) => f.startsWith("ket-qua-nhap-don-")), {
      timeout: 10000,
      timeoutMsg: "the report was not saved",
    });
    await screenshot(browser, "import-sent");
  });
});
