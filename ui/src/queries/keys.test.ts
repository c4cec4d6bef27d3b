import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { DataKind } from "../ipc";
import { invalidatedBy, invalidateKind, keys } from "./keys";

const filter = { accountIds: [], statuses: [], from: null, to: null, search: null, limit: 50, offset: 0 };

describe("query keys", () => {
  it("builds every key under its area's root", () => {
    for (const [area, group] of Object.entries(keys)) {
      for (const [name, build] of Object.entries(group)) {
        if (name === "root") continue;
        const key = (build as (...a: unknown[]) => readonly unknown[])(null, null);
        expect(key[0], `${area}.${name}`).toBe(area);
      }
    }
  });

  it("refetches the order form's catalog search and targets on a stock change, and nothing of the orders", async () => {
    const qc = new QueryClient();
    const seed = [
      keys.catalog.search("pancake-1", "AT0"),
      keys.catalog.targets(),
      keys.stock.grid({} as never),
      keys.orders.list(filter),
      keys.files.jobs(),
      keys.settings.current(),
    ];
    for (const k of seed) qc.setQueryData(k, 1);
    await invalidateKind(qc, "stock");
    const stale = (k: readonly unknown[]) => qc.getQueryState(k)?.isInvalidated;
    expect(seed.map(stale)).toEqual([true, true, true, false, false, false]);
  });

  it("refetches the Stock page's sync cards on an orders change, and not the grid", async () => {
    const qc = new QueryClient();
    const seed = [keys.stock.syncStatus(), keys.stock.grid({} as never), keys.orders.list(filter)];
    for (const k of seed) qc.setQueryData(k, 1);
    await invalidateKind(qc, "orders");
    expect(seed.map((k) => qc.getQueryState(k)?.isInvalidated)).toEqual([true, false, true]);
  });

  it("refetches the PO list and any open PO on an inbound change, and nothing of the orders or the form's checks", async () => {
    const qc = new QueryClient();
    const seed = [keys.inbound.list(), keys.inbound.detail("onflow-1", "PO001"), keys.orders.list(filter), keys.vendor.lineChecks("onflow-1", "WH", ["A"])];
    for (const k of seed) qc.setQueryData(k, 1);
    await invalidateKind(qc, "inbound");
    expect(seed.map((k) => qc.getQueryState(k)?.isInvalidated)).toEqual([true, true, false, false]);
  });

  it("refetches the returns list, an open return and an order's returns on a returns change, and nothing of the orders", async () => {
    const qc = new QueryClient();
    const seed = [keys.returns.list(), keys.returns.detail("onflow-1", "OARSC1"), keys.returns.forOrder("onflow-1", "OASC1"), keys.orders.list(filter)];
    for (const k of seed) qc.setQueryData(k, 1);
    await invalidateKind(qc, "returns");
    expect(seed.map((k) => qc.getQueryState(k)?.isInvalidated)).toEqual([true, true, true, false]);
  });

  it("maps every data kind to keys under the key factory's roots", () => {
    const roots = Object.values(keys).map((g) => g.root as readonly unknown[]);
    for (const kind of Object.keys(invalidatedBy) as DataKind[]) {
      for (const k of invalidatedBy[kind]) {
        expect(roots.some((r) => r.every((part, i) => k[i] === part))).toBe(true);
      }
    }
    expect(Object.keys(invalidatedBy).sort()).toEqual(["accounts", "files", "inbound", "orders", "products", "returns", "stock"]);
  });
});
