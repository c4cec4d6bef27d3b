// Soak benchmark: the demo workspace in the real window, every page visited 50 times and 20 syncs run;
// idle PSS of the app and its WebKit processes before (after the start-up sync and one first visit of every
// page, whose code loads then) and after. Run by `npm run bench` through
// .ci/e2e.sh (tauri-driver, Xvfb). Writes `bench soak pss_start_mb=… pss_end_mb=… growth=…` to
// $SHOPDESK_SOAK_OUT (bench.sh prints it) and to stdout. Goal: growth ≤ 10 %.
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, readdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { launch, quit } from "../e2e/helpers.mjs";

const VISITS = Number(process.env.SOAK_VISITS ?? 50);
const SYNCS = Number(process.env.SOAK_SYNCS ?? 20);
const SETTLE_MS = Number(process.env.SOAK_SETTLE_MS ?? 4000);
const PAGES = ["home", "stock", "orders", "returns", "inbound", "products", "files", "accounts", "settings"];

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

/** PSS of the app's own process alone (the rest of the tree is WebKit's). */
function ownPssMb(pid) {
  return pssMb(pid, false);
}

/** PSS per process of the app's tree, by name (the app, WebKitWebProcess, WebKitNetworkProcess). */
function pssByProcess(pid) {
  const out = {};
  for (const p of tree(pid)) {
    try {
      const name = readFileSync(`/proc/${p}/comm`, "utf8").trim();
      out[name] = (out[name] ?? 0) + pssMb(p, false);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

function pssMb(pid, withChildren = true) {
  let kb = 0;
  for (const p of withChildren ? tree(pid) : [pid]) {
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

// Every step goes through `execute` and reads attributes in the page: an element the driver has looked up
// stays referenced by the automation session, and 400 of them would keep 400 left pages' DOM alive.
async function syncCards(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid="sync-status"]')].map((c) => ({
      state: c.getAttribute("data-state"),
      finished: c.getAttribute("data-finished"),
    })),
  );
}

/** Open a page from the navigation and wait until it has rendered (its `page-<key>` mark). */
async function visit(browser, page) {
  await browser.execute((p) => document.querySelector(`[data-testid="nav-${p}"]`)?.click(), page);
  await browser.waitUntil(
    () => browser.execute((p) => document.querySelector(`[data-testid="page-${p}"]`) !== null, page),
    { timeout: 20000, interval: 50, timeoutMsg: `the ${page} page did not open` },
  );
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
    const visitAll = async () => {
      for (const page of PAGES) await visit(browser, page);
    };
    // the app opens on Home: the sync cards are on the Stock page
    await visit(browser, "stock");
    await waitSynced(browser, []);
    // the start: every page opened once (each page's code loads on its first visit), then settled; what
    // grows after this is what repetition keeps
    await visitAll();
    await visit(browser, "stock");
    await settle();
    const pid = appPid();
    const start = pssMb(pid);
    const startBy = pssByProcess(pid);
    const startOwn = ownPssMb(pid);
    let half = 0;
    for (let v = 0; v < VISITS; v++) {
      await visitAll();
      if (v + 1 === Math.floor(VISITS / 2)) half = pssMb(pid);
    }
    await visit(browser, "stock");
    await settle();
    const afterPages = pssMb(pid);
    for (let s = 0; s < SYNCS; s++) {
      const since = await syncCards(browser);
      await browser.execute(() => document.querySelector('[data-testid="sync-now"]')?.click());
      await waitSynced(browser, since);
    }
    await settle();
    const end = pssMb(pid);
    const endOwn = ownPssMb(pid);
    const endBy = pssByProcess(pid);
    // where the growth is, per process (a detail line, not a bench line)
    for (const name of Object.keys(endBy)) {
      console.log(`soak process ${name} start_mb=${(startBy[name] ?? 0).toFixed(0)} end_mb=${endBy[name].toFixed(0)}`);
    }
    const growth = (end - start) / start;
    const line = `bench soak pss_start_mb=${start.toFixed(0)} pss_end_mb=${end.toFixed(0)} growth=${(growth * 100).toFixed(1)}% goal=10% ratio=${(growth / 0.1).toFixed(2)} pss_half_pages_mb=${half.toFixed(0)} pss_after_pages_mb=${afterPages.toFixed(0)} visits=${VISITS} syncs=${SYNCS} app_process_start_mb=${startOwn.toFixed(0)} app_process_end_mb=${endOwn.toFixed(0)}`;
    console.log(line);
    if (process.env.SHOPDESK_SOAK_OUT) appendFileSync(process.env.SHOPDESK_SOAK_OUT, `${line}\n`);
  });
});
