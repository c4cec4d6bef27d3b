// Only one ShopDesk runs: a second launch hands over to the running window and exits, so two processes
// never resume the same order outbox or write the same account file. A launch that meets the last window
// still closing starts once that window has gone, instead of failing.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { launch, quit } from "./helpers.mjs";

describe("single instance", () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await quit(browser);
  });

  it("a second launch exits and the first window keeps working", async () => {
    const second = spawn(process.env.SHOPDESK_APP, [], { stdio: "ignore", env: process.env });
    const exit = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ timedOut: true }), 30000);
      second.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code });
      });
    });
    if (exit.timedOut) second.kill("SIGKILL");
    assert.ok(!exit.timedOut, "the second ShopDesk kept running beside the first");
    assert.equal(exit.code, 0);
    // the first one still answers
    await (await browser.$('[data-testid="nav-orders"]')).click();
    await (await browser.$('[data-testid="nav-stock"]')).waitForDisplayed({ timeout: 10000 });
  });

  it("a launch that meets the last window still closing starts once it has gone", async () => {
    // the window under test stops answering, as one does while it closes (SIGSTOP), holding its hand-over name
    const app = process.env.SHOPDESK_APP;
    const first = Number(execFileSync("pgrep", ["-f", "--", `^${app}( |$)`]).toString().trim().split("\n")[0]);
    assert.ok(first > 0, "the window under test has a process");
    // the session bus shows the moment the new launch asks the closing one to take over
    const monitor = spawn("dbus-monitor", ["--session", "type='method_call',interface='org.SingleInstance.DBus'"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    let seen = "";
    const asked = new Promise((resolve) =>
      monitor.stdout.on("data", (d) => {
        seen += d.toString();
        if (seen.includes("ExecuteCallback")) resolve(true);
      }),
    );
    // the monitor is listening once it has printed its own NameAcquired signal
    await new Promise((resolve) => monitor.stdout.once("data", resolve));
    process.kill(first, "SIGSTOP");
    const second = spawn(app, [], { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let log = "";
    second.stdout.on("data", (d) => (log += d.toString()));
    second.stderr.on("data", (d) => (log += d.toString()));
    let exitCode = null;
    second.on("exit", (code) => (exitCode = code));
    try {
      const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(what)), ms));
      await Promise.race([asked, timeout(30000, "the new launch never asked the running window to take over")]);
      // the closing window ends without answering
      process.kill(first, "SIGKILL");
      // (the WebDriver session died with the first window: wait on the new launch's own log)
      const deadline = Date.now() + 60000;
      while (!/UI ready/.test(log) && exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.doesNotMatch(log, /could not start/, `the new launch gave up: ${log.slice(-600)}`);
      assert.match(log, /starting again/, "the new launch did not wait for the closing window");
      assert.match(log, /UI ready/, `the new launch did not open its window: ${log.slice(-600)}`);
    } finally {
      monitor.kill();
      second.kill("SIGTERM");
      await new Promise((resolve) => (exitCode !== null ? resolve() : second.on("exit", resolve)));
      try {
        process.kill(first, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
});
