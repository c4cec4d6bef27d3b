// Shared helpers for the end-to-end suite: a WebdriverIO session on the real ShopDesk window through
// tauri-driver. The app binary and the XDG dirs come from .ci/e2e.sh and .ci/desktop-session.sh.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(here, "artifacts");
mkdirSync(path.join(ARTIFACTS, "screenshots"), { recursive: true });

/** Launch the app (a fresh process) and return a WebdriverIO browser for its window, once `ready` (the
 * navigation, by default) is displayed. */
/** Start the app under test; `args` are this launch's own (test-build seams such as `--demo-clock-seconds=3`). */
export async function launch({ ready = '[data-testid="nav-stock"]', args = [] } = {}) {
  const application = process.env.SHOPDESK_APP;
  if (!application) throw new Error("SHOPDESK_APP is not set; run through .ci/e2e.sh");
  const browser = await remote({
    hostname: "127.0.0.1",
    port: Number(process.env.SHOPDESK_WD_PORT ?? 4444),
    logLevel: "error",
    // one try, bounded: a retried session request would start a second app, and a launch that never shows
    // its window should fail this spec in a minute and a half, not hang the suite for eight
    connectionRetryCount: 0,
    connectionRetryTimeout: 90000,
    capabilities: { "tauri:options": { application, args } },
  });
  steadyClicks(browser);
  // the shell renders once the persisted settings are read
  await browser.$(ready).waitForDisplayed({ timeout: 20000 });
  return browser;
}

/** Every element click waits until the element has stopped moving (a modal's or a drawer's opening
 * transition, slow on a loaded machine) and nothing covers its centre (an overlay still fading out), then
 * clicks; a click still intercepted is tried again. Bounded: after 10 s the last error stands. Without
 * this, a click lands where a button was a frame ago and does nothing. */
function steadyClicks(browser) {
  browser.overwriteCommand(
    "click",
    async function (click, options) {
      const deadline = Date.now() + 10000;
      let last = "";
      while (Date.now() < deadline) {
        const rect = await browser
          .execute((e) => {
            const r = e.getBoundingClientRect();
            return `${r.x},${r.y},${r.width},${r.height}`;
          }, this)
          .catch(() => "");
        if (rect && rect === last && (await this.isClickable().catch(() => false))) break;
        last = rect;
        await new Promise((r) => setTimeout(r, 50));
      }
      for (;;) {
        try {
          return await click(options);
        } catch (e) {
          if (!/intercepted/i.test(String(e)) || Date.now() > deadline) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    true,
  );
}

/** Whether a process of the app binary under test is still running. */
function appRunning() {
  const application = process.env.SHOPDESK_APP;
  if (!application) return false;
  try {
    execFileSync("pgrep", ["-f", "--", `^${application}( |$)`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** End every process of the app under test (after a failure, so the next spec starts clean). */
function killApp() {
  const application = process.env.SHOPDESK_APP;
  if (!application) return;
  try {
    execFileSync("pkill", ["-KILL", "-f", "--", `^${application}( |$)`], { stdio: "ignore" });
  } catch {
    // none left
  }
}

/** Close the app window and wait until its process has ended: a launch while it is still shutting down
 * would hand over to it (single instance) and never open a window of its own. */
export async function quit(browser) {
  try {
    await browser.deleteSession();
  } catch {
    // the app may already be gone
  }
  const deadline = Date.now() + 30000;
  while (appRunning()) {
    if (Date.now() > deadline) {
      // fail this spec, and leave the next one a machine with no ShopDesk running
      killApp();
      throw new Error("the app did not exit within 30 s of closing its window");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The element's text content, trimmed. (WebKitWebDriver's getText() drops text its visibility heuristics
 * misjudge inside some Mantine components, so read the DOM instead.) */
export async function text(browser, selector) {
  let out = "";
  await browser.waitUntil(
    async () => {
      // looked up afresh on every try: React may replace the node between the lookup and the read
      try {
        const el = await browser.$(selector);
        if (!(await el.isDisplayed())) return false;
        out = await textOf(browser, el);
        return true;
      } catch (e) {
        if (/stale element|not found/i.test(String(e))) return false;
        throw e;
      }
    },
    { timeout: 10000, timeoutMsg: `${selector} is not shown` },
  );
  return out;
}

/**
 * Replace an input's value as a user does: select all, type over it, and check the field shows what was typed.
 * WebDriver's own clear (which `setValue` starts with) sets the DOM value behind React's back: a controlled input
 * (Mantine's NumberInput) can put its old value back before the keys arrive, and they then land after it
 * ("390000" + "420000"). Keys typed over a selection reach React as a user's would. A field that does not end up
 * showing `value` is typed over again; a number is compared by its digits (a number field adds grouping, a unit).
 */
export async function fill(browser, target, value) {
  const el = typeof target === "string" ? await browser.$(target) : target;
  await el.waitForDisplayed({ timeout: 10000 });
  const shown = (v) => (/^\d+$/.test(value) ? v.replace(/\D/g, "") : v);
  await browser.waitUntil(
    async () => {
      // a field low in a modal's scroll area: WebKitWebDriver reports a pointer click there as intercepted
      await el.scrollIntoView({ block: "center" });
      await el.click();
      await browser.keys(["Control", "a"]);
      // element send keys keeps a focused field's selection, so the keys replace it
      await el.addValue(value);
      return shown(await el.getValue()) === value;
    },
    { timeout: 15000, interval: 300, timeoutMsg: `${el.selector} did not take "${value}"` },
  );
}

export async function textOf(browser, el) {
  const t = await browser.execute((e) => e.textContent ?? "", el);
  return String(t).replace(/\s+/g, " ").trim();
}

/**
 * Save a screenshot of the window. Without compositing (the app's mode where there is no GPU), WebKitGTK 2.50
 * answers a snapshot only after its next paint, and an idle page does not paint: a 1-pixel mark changes colour
 * on every frame while the snapshot is taken, and is removed after.
 */
export async function screenshot(browser, name) {
  await browser.execute(() => {
    const mark = document.createElement("div");
    mark.id = "__e2e-paint";
    mark.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647";
    document.body.appendChild(mark);
    let on = false;
    const tick = () => {
      if (!mark.isConnected) return;
      on = !on;
      mark.style.background = on ? "rgba(0,0,0,0.02)" : "rgba(255,255,255,0.02)";
      requestAnimationFrame(tick);
    };
    tick();
  });
  try {
    await browser.saveScreenshot(path.join(ARTIFACTS, "screenshots", `${name}.png`));
  } finally {
    await browser.execute(() => document.getElementById("__e2e-paint")?.remove());
  }
}

/** Each account's sync card on the Stock page: its state and the end of its last run (the app's own signals). */
export async function syncCards(browser) {
  const out = [];
  for (const c of await browser.$$('[data-testid="sync-status"]')) {
    out.push({ state: await c.getAttribute("data-state"), finished: await c.getAttribute("data-finished") });
  }
  return out;
}

/** Click "Đồng bộ ngay" (the Stock page) and wait until every account's run has finished again, ok or partial. */
export async function syncNowAndWait(browser) {
  const before = await syncCards(browser);
  await (await browser.$('[data-testid="sync-now"]')).click();
  await browser.waitUntil(
    async () => {
      const now = await syncCards(browser);
      return now.length === before.length && now.every((c, i) => ["ok", "partial"].includes(c.state) && c.finished && c.finished !== before[i].finished);
    },
    { timeout: 120000, timeoutMsg: "the sync did not finish" },
  );
}
