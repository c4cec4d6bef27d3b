// Only one ShopDesk runs: a second launch hands over to the running window and exits, so two processes
// never resume the same order outbox or write the same account file.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
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
});
