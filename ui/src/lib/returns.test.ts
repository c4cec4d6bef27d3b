import { describe, expect, it } from "vitest";
import type { ReturnRow } from "../ipc";
import { canRequestReturn, filterReturns, isReturnStatus, returnGroupCounts, returnsPath } from "./returns";

const r = (over: Partial<ReturnRow>): ReturnRow => ({
  key: "k",
  accountId: "a",
  accountLabel: "A",
  vendor: "onflow",
  returnId: "R1",
  vendorOrderId: "O1",
  reference: null,
  stage: "requested",
  vendorStatus: "Mới tạo",
  send: null,
  error: null,
  createdAt: null,
  units: 1,
  cancellable: true,
  ...over,
});

describe("returns helpers", () => {
  it("counts unsent requests apart from the vendors' stages and filters by order", () => {
    const rows = [r({}), r({ key: "2", send: "unknown", returnId: null }), r({ key: "3", vendorOrderId: "O2", stage: "restocked" })];
    const c = returnGroupCounts(rows);
    expect([c.requested, c.unsent, c.restocked, c.cancelled]).toEqual([1, 1, 1, 0]);
    expect(filterReturns(rows, "all", { accountId: "a", vendorOrderId: "O2" }).map((x) => x.key)).toEqual(["3"]);
    expect(filterReturns(rows, "unsent", null).map((x) => x.key)).toEqual(["2"]);
  });

  it("offers a return request only for a handed-over Onflow order, and links returning orders", () => {
    expect(canRequestReturn({ vendor: "onflow", status: "shipping" })).toBe(true);
    expect(canRequestReturn({ vendor: "onflow", status: "packing" })).toBe(false);
    expect(canRequestReturn({ vendor: "pancake", status: "shipping" })).toBe(false);
    expect([isReturnStatus({ status: "returning" }), isReturnStatus({ status: "returned" }), isReturnStatus({ status: "delivered" })]).toEqual([true, true, false]);
    expect(returnsPath("a b", "O1", "R1")).toBe("/returns?account=a+b&order=O1&return=R1");
  });
});
