import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LINGER_MS, resetEventHubs, sharedEvent } from "./hub";

/** A stand-in for one Tauri event: how many listeners it was asked for, and a way to fire it. */
function tauriEvent() {
  const listeners: ((n: number) => void)[] = [];
  let failNext = false;
  let dropped = 0;
  return {
    listens: () => listeners.length,
    unlistens: () => dropped,
    fire: (n: number) => listeners.forEach((l) => l(n)),
    failNextListen: () => {
      failNext = true;
    },
    listen: async (emit: (n: number) => void) => {
      if (failNext) {
        failNext = false;
        throw new Error("listen failed");
      }
      listeners.push(emit);
      return () => {
        dropped++;
      };
    },
  };
}

describe("sharedEvent", () => {
  beforeEach(() => {
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {};
    resetEventHubs();
  });
  afterEach(() => {
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
    vi.useRealTimers();
  });

  it("listens to Tauri once however many times the pages subscribe and leave", async () => {
    const ev = tauriEvent();
    const on = sharedEvent(ev.listen);
    for (let visit = 0; visit < 50; visit++) {
      const off = await on(() => undefined);
      off();
    }
    expect(ev.listens()).toBe(1);
  });

  it("delivers each event to every current subscriber and to none that left", async () => {
    const ev = tauriEvent();
    const on = sharedEvent(ev.listen);
    const a: number[] = [];
    const b: number[] = [];
    const offA = await on((n) => a.push(n));
    const offB = await on((n) => b.push(n));
    ev.fire(1);
    offA();
    ev.fire(2);
    offB();
    ev.fire(3);
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
  });

  it("keeps the same callback subscribed twice as two subscriptions", async () => {
    const ev = tauriEvent();
    const on = sharedEvent(ev.listen);
    const got: number[] = [];
    const cb = (n: number) => got.push(n);
    const off1 = await on(cb);
    await on(cb);
    off1();
    ev.fire(7);
    expect(got).toEqual([7]);
  });

  it("tries to listen again for the next subscriber when a listen failed", async () => {
    const ev = tauriEvent();
    const on = sharedEvent(ev.listen);
    ev.failNextListen();
    await expect(on(() => undefined)).rejects.toThrow("listen failed");
    const got: number[] = [];
    await on((n) => got.push(n));
    ev.fire(4);
    expect(ev.listens()).toBe(1);
    expect(got).toEqual([4]);
  });

  it("listens again after a reset (a fresh IPC mock in tests)", async () => {
    const ev = tauriEvent();
    const on = sharedEvent(ev.listen);
    await on(() => undefined);
    resetEventHubs();
    const got: number[] = [];
    await on((n) => got.push(n));
    expect(ev.listens()).toBe(2);
    ev.fire(5);
    expect(got).toEqual([5]);
  });

  it("drops the Tauri listener a minute after the last subscriber left, and listens again for the next", async () => {
    vi.useFakeTimers();
    const ev = tauriEvent();
    const on = sharedEvent(ev.listen);
    const got: number[] = [];
    const off = await on((n) => got.push(n));
    off();
    await vi.advanceTimersByTimeAsync(LINGER_MS - 1000);
    expect(ev.unlistens()).toBe(0);
    // back within the minute: the same listener
    const offAgain = await on((n) => got.push(n));
    await vi.advanceTimersByTimeAsync(LINGER_MS * 2);
    expect(ev.unlistens()).toBe(0);
    offAgain();
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    expect(ev.unlistens()).toBe(1);
    // nobody shows it: an event still in flight to the dropped listener reaches no one
    ev.fire(1);
    expect(got).toEqual([]);
    await on((n) => got.push(n));
    expect(ev.listens()).toBe(2);
    ev.fire(2);
    expect(got).toEqual([2]);
  });
});
