// Soak benchmark: the demo workspace in the real window, every page visited 50 times and 20 syncs run;
// idle PSS of the app and its WebKit processes before and after. Run by `npm run bench` through
// .ci/e2e.sh (tauri-driver, Xvfb). Writes `bench soak pss_start_mb=… pss_end_mb=… growth=…` to
// $SHOPDESK_SOAK_OUT (bench.sh prints it) and to stdout. Goal: growth ≤ 10 %.
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, readdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { launch, quit } from "../e2e/helpers.mjs";

const VISITS = Number(process.env.SOAK_VISITS ?? 50);
const SYNCS = Number(process.env.SOAK_SYNCS ?? 20);
const SETTLE_MS = Number(process.env.SOAK_SETTLE_MS ?? 4000);
const PAGES = ["stock", "orders", "returns", "inbound", "products", "files", "accounts", "settings"];

function appPid() {
  const out = execFileSync("pgrep", ["-f", "--", `^${process.env.SHOPDESK_APP}( |$)`]).toString().trim();
  return Number(out.split("\n")[0]);
}

function tree(pid) {
  const all = [pid];
  for (const p of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) all.push(...tree(Number(p)));
    } catch {
      // the process ended meanwhile
    }
  }
  return all;
}

function pssMb(pid) {
  let kb = 0;
  for (const p of tree(pid)) {
    try {
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      // the process ended meanwhile
    }
  }
  return kb / 1024;
}

const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

async function syncCards(browser) {
  const cards = await browser.$$('[data-testid="sync-status"]');
  const out = [];
  for (const c of cards) out.push({ state: await c.getAttribute("data-state"), finished: await c.getAttribute("data-finished") });
  return out;
}

/** Every account's sync has finished after `since` (the app's own signal: each status card's last run). */
async function waitSynced(browser, since) {
  await browser.waitUntil(
    async () => {
      const cards = await syncCards(browser);
      if (cards.length < 3) return false;
      return cards.every((c, i) => ["ok", "partial"].includes(c.state) && c.finished && c.finished !== since[i]?.finished);
    },
    { timeout: 180000, interval: 250, timeoutMsg: "a sync did not finish" },
  );
}

describe("soak", () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await quit(browser);
  });

  it("visits every page 50 times and runs 20 syncs without growing", async () => {
    await waitSynced(browser, []);
    await settle();
    const pid = appPid();
    const start = pssMb(pid);
    for (let v = 0; v < VISITS; v++) {
      for (const page of PAGES) {
        await (await browser.$(`[data-testid="nav-${page}"]`)).click();
        await (await browser.$(`[data-testid="page-${page}"]`)).waitForExist({ timeout: 20000 });
      }
    }
    await (await browser.$('[data-testid="nav-stock"]')).click();
    for (let s = 0; s < SYNCS; s++) {
      const since = await syncCards(browser);
      await (await browser.$('[data-testid="sync-now"]')).click();
      await waitSynced(browser, since);
    }
    await settle();
    const end = pssMb(pid);
    const growth = (end - start) / start;
    const line = `bench soak pss_start_mb=${start.toFixed(0)} pss_end_mb=${end.toFixed(0)} growth=${(growth * 100).toFixed(1)}% goal=10% ratio=${(growth / 0.1).toFixed(2)}`;
    console.log(line);
    if (process.env.SHOPDESK_SOAK_OUT) appendFileSync(process.env.SHOPDESK_SOAK_OUT, `${line}\n`);
  });
});
