import { describe, expect, it } from "vitest";
import type { AccountSyncStatus, SyncPhase } from "../ipc";
import { syncState } from "./sync";

const status = (running: boolean): AccountSyncStatus => ({
  accountId: "a",
  running,
  lastFinishedAt: null,
  lastStatus: null,
  lastError: null,
  lastMessage: null,
  ordersSyncedAt: null,
  pushCheckedAt: null,
});
const event = (phase: SyncPhase, arrival: number) => ({ progress: { accountId: "a", phase, done: 1, total: 2 }, arrival });

describe("whether a stock sync runs", () => {
  it("follows the status while no event came after it", () => {
    expect(syncState(status(true), 5, undefined)).toEqual({ running: true, progress: null });
    expect(syncState(status(false), 5, event("catalog", 4))).toEqual({ running: false, progress: null });
    // running by the status, with the progress of the older event still shown
    expect(syncState(status(true), 5, event("stock", 4))).toMatchObject({ running: true, progress: { phase: "stock" } });
  });

  it("follows a newer event: a live phase runs, done and failed end", () => {
    expect(syncState(status(false), 1, event("warehouses", 2))).toMatchObject({ running: true, progress: { phase: "warehouses" } });
    expect(syncState(status(true), 1, event("done", 2))).toEqual({ running: false, progress: null });
    expect(syncState(status(true), 1, event("failed", 2))).toEqual({ running: false, progress: null });
    expect(syncState(undefined, 0, event("saving", 1))).toMatchObject({ running: true });
  });
});
