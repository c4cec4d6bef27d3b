// Files in the demo workspace: upload a PDF through the UI (the open dialog swapped for the documented
// SHOPDESK_PICK_FILE seam), see its progress and library row, the same content reused, an .exe and a 20 MB
// file rejected with their messages, and the PDF attached to an Onflow B2C shipment.
import assert from "node:assert/strict";
import { copyFileSync, openSync, closeSync, ftruncateSync, writeSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { launch, quit, screenshot, textOf, ARTIFACTS } from "./helpers.mjs";
import { fillOrder, openNewOrder, pickOption } from "./orders-helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));
const fixtures = path.join(here, "../../src-tauri/crates/files/tests/fixtures");
const dir = path.join(ARTIFACTS, "upload");
mkdirSync(dir, { recursive: true });
const pdf = path.join(dir, "nhan-van-chuyen.pdf");
const copy = path.join(dir, "ban-sao.pdf");
const exe = path.join(dir, "setup.exe");
const big = path.join(dir, "catalog-20mb.pdf");
const png = path.join(dir, "ao-thun-be.png");

/** The next native open dialog "returns" these paths (see SHOPDESK_PICK_FILE in .ci/e2e.sh). */
function nextPick(...paths) {
  const seam = process.env.SHOPDESK_PICK_FILE;
  assert.ok(seam, "SHOPDESK_PICK_FILE is set by .ci/e2e.sh");
  writeFileSync(seam, `${paths.join("|")}\n`);
}

async function job(browser, name) {
  const el = await browser.$(`[data-testid="file-job"][data-name="${name}"]`);
  await el.waitForExist({ timeout: 15000 });
  return el;
}

async function waitState(browser, name, state) {
  await browser.waitUntil(async () => (await (await job(browser, name)).getAttribute("data-state")) === state, {
    timeout: 20000,
    timeoutMsg: `${name} did not reach ${state}`,
  });
}

describe("files in the demo workspace", () => {
  let browser;
  before(async () => {
    copyFileSync(path.join(fixtures, "sample.pdf"), pdf);
    copyFileSync(path.join(fixtures, "sample.pdf"), copy);
    copyFileSync(path.join(fixtures, "sample.exe"), exe);
    copyFileSync(path.join(fixtures, "sample.png"), png);
    const fd = openSync(big, "w");
    writeSync(fd, "%PDF-1.7\n");
    ftruncateSync(fd, 20 * 1024 * 1024);
    closeSync(fd);
    browser = await launch();
    await (await browser.$('[data-testid="nav-files"]')).click();
    await (await browser.$('[data-testid="files-pick"]')).waitForDisplayed({ timeout: 15000 });
  });
  after(async () => {
    await quit(browser);
  });

  it("uploads a PDF and an image with progress into the library", async () => {
    nextPick(pdf, png);
    await (await browser.$('[data-testid="files-pick"]')).click();
    await waitState(browser, "nhan-van-chuyen.pdf", "done");
    const bar = await (await job(browser, "nhan-van-chuyen.pdf")).$('[data-testid="file-job-progress"]');
    assert.equal(await bar.getAttribute("data-value"), "100");
    const row = await browser.$('[data-testid="library-row"][data-name="nhan-van-chuyen.pdf"]');
    await row.waitForExist({ timeout: 10000 });
    assert.match(await row.getAttribute("data-url"), /^http:\/\/127\.0\.0\.1:\d+\/.+\.pdf$/);
    await waitState(browser, "ao-thun-be.png", "done");
    await screenshot(browser, "files-uploaded");
    // the PDF previews inside the app, from its Onflow URL
    await (await browser.$('[data-testid="library-row"][data-name="nhan-van-chuyen.pdf"] [data-testid="library-name"]')).click();
    const frame = await browser.$('[data-testid="pdf-preview"]');
    await frame.waitForExist({ timeout: 10000 });
    assert.equal(await frame.getAttribute("src"), await row.getAttribute("data-url"));
    // the vendor's document runs in a sandbox: no same-origin access to the app, no navigation of it
    assert.equal(await frame.getAttribute("sandbox"), "allow-scripts");
    await browser.pause(1500);
    await screenshot(browser, "files-pdf-preview");
    await browser.keys("Escape");
  });

  it("reuses the URL when the same content is uploaded again", async () => {
    nextPick(copy);
    await (await browser.$('[data-testid="files-pick"]')).click();
    await waitState(browser, "ban-sao.pdf", "reused");
    const msg = await textOf(browser, await (await job(browser, "ban-sao.pdf")).$('[data-testid="file-job-reused"]'));
    assert.equal(msg, vi.files.reused);
    assert.equal((await browser.$$('[data-testid="library-row"]')).length, 2, "no library entry for the copy");
    assert.equal(await (await browser.$('[data-testid="library-row"][data-name="ban-sao.pdf"]')).isExisting(), false);
  });

  it("rejects an .exe and a 20 MB file with their messages", async () => {
    nextPick(exe, big);
    await (await browser.$('[data-testid="files-pick"]')).click();
    await waitState(browser, "setup.exe", "rejected");
    await waitState(browser, "catalog-20mb.pdf", "rejected");
    const exeMsg = await textOf(browser, await (await job(browser, "setup.exe")).$('[data-testid="file-job-error"]'));
    assert.equal(exeMsg, vi.files.codes.file.unsupported);
    const bigMsg = await textOf(browser, await (await job(browser, "catalog-20mb.pdf")).$('[data-testid="file-job-error"]'));
    assert.equal(bigMsg, vi.files.codes.file.too_large.replace("{{max}}", "10 MB"));
    await screenshot(browser, "files-rejected");
  });

  it("attaches the PDF to an Onflow B2C shipment", async () => {
    await openNewOrder(browser);
    await fillOrder(browser, { vendor: "onflow", phone: "0912345678" });
    const docs = await browser.$('[data-testid="order-documents"]');
    await docs.click();
    await pickOption(browser, "nhan-van-chuyen.pdf");
    await browser.keys("Escape");
    await (await browser.$('[data-testid="order-submit"]')).click();
    await (await browser.$('[data-testid="outbox-table"]')).waitForDisplayed({ timeout: 15000 });
    const row = await browser.$('[data-testid="outbox-row"][data-vendor="onflow"]');
    await browser.waitUntil(async () => (await row.getAttribute("data-state")) === "created", {
      timeout: 30000,
      timeoutMsg: "the shipment with the label was not created",
    });
    assert.equal(await row.getAttribute("data-documents"), "1");
    await screenshot(browser, "files-attached");
  });

  it("attaches the uploaded image to a Pancake variation from the product's detail", async () => {
    await (await browser.$('[data-testid="nav-files"]')).click();
    const lib = await browser.$('[data-testid="library-row"][data-name="ao-thun-be.png"]');
    await lib.waitForExist({ timeout: 10000 });
    const url = await lib.getAttribute("data-url");
    await (await browser.$('[data-testid="nav-products"]')).click();
    await (await browser.$('[data-testid="matching-tab-all"]')).click();
    const open = await browser.$('[data-testid="listing-open"][data-vendor="pancake"]');
    await open.waitForDisplayed({ timeout: 20000 });
    await open.click();
    const modal = await browser.$('[data-testid="listing-modal"]');
    await modal.waitForDisplayed({ timeout: 10000 });
    await (await browser.$('[data-testid="listing-image-pick"]')).click();
    await pickOption(browser, "ao-thun-be.png");
    const add = await browser.$('[data-testid="listing-image-add"]');
    await add.waitForEnabled({ timeout: 10000, timeoutMsg: "picking the image did not enable Attach" });
    await add.click();
    // The write goes through the account's Pancake client, which keeps the vendor's request budget: after the
    // earlier suites' order sends and list refreshes it may wait for the budget's window (up to a minute) first.
    // Wait on the app's own state of the write, not on a guess of how long that takes.
    await browser.waitUntil(async () => ["success", "error"].includes(await add.getAttribute("data-state")), {
      timeout: 150000,
      timeoutMsg: "adding the image never finished",
    });
    assert.equal(await add.getAttribute("data-state"), "success", "adding the image failed");
    await browser.waitUntil(async () => (await browser.$(`[data-testid="listing-images"] img[data-url="${url}"]`)).isExisting(), {
      timeout: 15000,
      timeoutMsg: "the image is not on the variation",
    });
    await screenshot(browser, "files-image-attached");
  });
});
