// Home ("Tổng quan"), the first page, in the demo workspace: each figure opens the list behind it, and the
// list shows what the figure counted — today's and this week's orders (the shop's and each account's, the
// revenue summed from the rows), the orders waiting per stage, the outbox's orders to act on, low stock, POs
// arriving and returns in progress. Waits on the app's own signals (`data-state` of the home page, the
// orders list and the stock grid; the pages' sync buttons; each account's orders-sync time), never a sleep.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { launch, quit, screenshot, text } from "./helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const vi = JSON.parse(readFileSync(path.join(here, "../../ui/src/i18n/vi.json"), "utf8"));

/** Wait for `ok()` (re-read until true) or fail with a screenshot named after `what`. */
async function until(browser, ok, what, timeout = 30000) {
  await browser.waitUntil(ok, { timeout, interval: 100, timeoutMsg: what }).catch(async (e) => {
    await screenshot(browser, `home-${what.replace(/\W+/g, "_").slice(0, 40)}`);
    throw e;
  });
}

/** An attribute of the first element matching `selector`, read in the page (`null`: no such element). */
function attr(browser, selector, name) {
  return browser.execute((s, n) => document.querySelector(s)?.getAttribute(n) ?? null, selector, name);
}

/** Open Home from the navigation and wait until its figures are on screen. */
async function openHome(browser) {
  await (await browser.$('[data-testid="nav-home"]')).click();
  await until(browser, async () => (await attr(browser, '[data-testid="home"]', "data-state")) === "ready", "the home page did not show its figures");
}

/** A figure of the home page as a number. */
async function figure(browser, testId) {
  const v = await attr(browser, `[data-testid="${testId}"]`, "data-value");
  assert.notEqual(v, null, `${testId} is not shown`);
  return Number(v);
}

/** Click a figure of the home page (the first one with `testId`, inside `within` when given). */
async function open(browser, testId, within = "") {
  const el = await browser.$(`${within} [data-testid="${testId}"]`.trim());
  await el.waitForDisplayed({ timeout: 10000 });
  await el.click();
}

/** The orders list once it has answered: its total and the rows shown (status, amount, vendor). */
async function ordersList(browser) {
  await until(browser, async () => (await attr(browser, '[data-testid="orders-list"]', "data-state")) === "ready", "the orders list did not answer");
  return browser.execute(() => {
    const list = document.querySelector('[data-testid="orders-list"]');
    return {
      total: Number(list?.getAttribute("data-total")),
      rows: [...document.querySelectorAll('[data-testid="order-row"]')].map((r) => ({
        status: r.getAttribute("data-status"),
        amount: Number(r.getAttribute("data-amount")),
        vendor: r.getAttribute("data-vendor"),
      })),
    };
  });
}

/** Visit a page that reads its vendor list when it opens (`nav`), and wait until that read has ended. */
async function visitSynced(browser, nav, syncButton) {
  await (await browser.$(`[data-testid="nav-${nav}"]`)).click();
  await (await browser.$(`[data-testid="${syncButton}"]`)).waitForDisplayed({ timeout: 10000 });
  await until(browser, async () => (await attr(browser, `[data-testid="${syncButton}"]`, "data-loading")) === null, `the ${nav} page did not finish reading`, 60000);
}

describe("home in the demo workspace", () => {
  let browser;
  let accounts = [];
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await quit(browser);
  });

  it("opens first, and shows every account's figures once the start-up sync has read its orders", async () => {
    assert.equal(await text(browser, '[data-testid="page-title"]'), vi.pages.home.title);
    assert.ok(await (await browser.$('[data-testid="page-home"]')).isExisting(), "Home is the landing page");
    await until(browser, async () => (await attr(browser, '[data-testid="home"]', "data-state")) === "ready", "the home page did not show its figures");
    // the start-up sync reads each account's stock, then its orders: the figures are final once every
    // account has its orders-sync time and its last run ended well
    await until(
      browser,
      async () => {
        accounts = await browser.execute(() =>
          [...document.querySelectorAll('[data-testid="home-account"]')].map((r) => ({
            id: r.getAttribute("data-account"),
            vendor: r.getAttribute("data-vendor"),
            orders: r.getAttribute("data-orders-synced"),
            state: r.querySelector('[data-testid="home-account-sync"]')?.getAttribute("data-state"),
          })),
        );
        return accounts.length >= 3 && accounts.every((a) => a.orders && ["ok", "partial"].includes(a.state));
      },
      "the start-up sync did not finish for every account",
      120000,
    );
    assert.equal((await browser.$$('[data-testid="home-account-error"]')).length, 0, "no account shows an error");
    assert.equal((await browser.$$('[data-testid="home-chart-days-bar"]')).length, 14, "the chart shows 14 days");
    await screenshot(browser, "home");
  });

  it("this week's and today's orders open the orders list on the same dates, with the same count and revenue", async () => {
    for (const key of ["week", "today"]) {
      await openHome(browser);
      const orders = await figure(browser, `home-${key}-orders`);
      await open(browser, `home-${key}-orders`);
      await (await browser.$('[data-testid="orders-span"]')).waitForDisplayed({ timeout: 10000 });
      const list = await ordersList(browser);
      assert.equal(list.total, orders, `${key}: the list counts what the figure said`);
    }
  });

  it("each account's week opens its orders, and the revenue is the sum of the rows not cancelled", async () => {
    let some = 0;
    for (const a of accounts) {
      await openHome(browser);
      const row = `[data-testid="home-account"][data-account="${a.id}"]`;
      const orders = Number(await attr(browser, `${row} [data-testid="home-account-week"]`, "data-value"));
      await open(browser, "home-account-week", row);
      const list = await ordersList(browser);
      assert.equal(list.total, orders, `${a.id}: the list counts what the figure said`);
      assert.ok(list.rows.every((r) => r.vendor === a.vendor), `${a.id}: only that account's orders`);
      some += list.total;
      if (list.total <= list.rows.length) {
        // one page holds the week: the revenue shown on Home is these rows' totals, cancelled ones left out
        const revenue = list.rows.filter((r) => r.status !== "cancelled").reduce((n, r) => n + r.amount, 0);
        await openHome(browser);
        const shown = await text(browser, `${row} [data-testid="home-account-week"]`);
        const vnd = new Intl.NumberFormat("vi-VN", { style: "currency", currency: "VND", maximumFractionDigits: 0 }).format(revenue);
        assert.ok(shown.replace(/\s/g, "").includes(vnd.replace(/\s/g, "")), `${a.id}: "${shown}" shows ${vnd}`);
      }
    }
    await openHome(browser);
    assert.equal(some, await figure(browser, "home-week-orders"), "the accounts add up to the shop's week");
  });

  it("the chart's last day is today, and opens today's orders", async () => {
    await openHome(browser);
    const today = await figure(browser, "home-today-orders");
    // an SVG group: clicked in the page (WebKit's driver finds no clickable point on it)
    await browser.execute(() => {
      const bars = document.querySelectorAll('[data-testid="home-chart-days-bar"]');
      bars[bars.length - 1]?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    });
    const list = await ordersList(browser);
    assert.equal(list.total, today);
  });

  it("orders waiting per stage open the list on that status", async () => {
    let waiting = 0;
    for (const [testId, status] of [
      ["home-waiting-confirm", "new"],
      ["home-waiting-pack", "confirmed"],
      ["home-waiting-ship", "packing"],
    ]) {
      await openHome(browser);
      const n = await figure(browser, testId);
      waiting += n;
      await open(browser, testId);
      const list = await ordersList(browser);
      assert.equal(list.total, n, `${status}: the list counts what the figure said`);
      assert.ok(list.rows.every((r) => r.status === status), `${status}: only orders in that status`);
    }
    assert.ok(waiting > 0, "the demo has orders waiting");
  });

  it("orders sent from ShopDesk to act on open the outbox filtered to them", async () => {
    await openHome(browser);
    const n = await figure(browser, "home-outbox-attention");
    await open(browser, "home-outbox-attention");
    await (await browser.$('[data-testid="orders-tab-sent"]')).waitForDisplayed({ timeout: 10000 });
    await until(
      browser,
      async () =>
        (await browser.$('[data-testid="outbox-attention-filter"]').isExisting()) ||
        (await browser.$('[data-testid="empty-state"]').isExisting()),
      "the outbox did not open",
    );
    const shown = await browser.execute(() => {
      const t = document.querySelector('[data-testid="outbox-table"]');
      return t ? Number(t.getAttribute("data-rows")) + Number(t.getAttribute("data-unreadable")) : 0;
    });
    assert.equal(shown, n);
  });

  it("low stock opens the Sắp hết view, showing as many products", async () => {
    await openHome(browser);
    const n = await figure(browser, "home-low-stock");
    await open(browser, "home-low-stock");
    await (await browser.$('[data-testid="low-stock"]')).waitForExist({ timeout: 10000 });
    await until(browser, async () => (await attr(browser, '[data-testid="low-stock"]', "data-count")) !== "", "the Sắp hết view did not answer");
    assert.equal(Number(await attr(browser, '[data-testid="low-stock"]', "data-count")), n);
    assert.ok(n > 0, "the demo has products running low");
  });

  it("POs arriving and returns in progress open their groups with as many rows", async () => {
    // the Inbound and Returns pages read the vendors' lists into the local stores when they open; Home then
    // shows what those stores hold
    await visitSynced(browser, "inbound", "po-sync");
    await visitSynced(browser, "returns", "returns-sync");
    for (const [testId, page, syncButton, rowId] of [
      ["home-po-transit", "inbound", "po-sync", "po-row"],
      ["home-po-receiving", "inbound", "po-sync", "po-row"],
      ["home-returns-requested", "returns", "returns-sync", "return-row"],
      ["home-returns-in-transit", "returns", "returns-sync", "return-row"],
      ["home-returns-received", "returns", "returns-sync", "return-row"],
    ]) {
      await openHome(browser);
      const n = await figure(browser, testId);
      await open(browser, testId);
      await (await browser.$(`[data-testid="page-${page}"]`)).waitForExist({ timeout: 10000 });
      // the page shows its local list at once and reads the vendor's again (nothing moves in the demo
      // without its clock): once that read has ended, the group shows what the figure counted
      let rows = -1; // the last count seen, for the report
      await until(
        browser,
        async () => {
          const reading = (await attr(browser, `[data-testid="${syncButton}"]`, "data-loading")) !== null;
          rows = await browser.execute((id) => document.querySelectorAll(`[data-testid="${id}"]`).length, rowId);
          return !reading && rows === n;
        },
        `${testId}: the list does not show the figure's ${n} rows`,
        60000,
      ).catch((e) => {
        throw new Error(`${e.message} (last seen: ${rows})`);
      });
    }
  });
});
