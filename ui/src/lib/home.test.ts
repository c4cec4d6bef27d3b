import { describe, expect, it } from "vitest";
import { orderParams, ordersPath, shortDay } from "./home";

describe("home links", () => {
  it("an orders link reads back as the same filter", () => {
    const path = ordersPath({ from: "2026-12-03T17:00:00+00:00", to: "2026-12-04T17:00:00+00:00", account: "nhanh-1" });
    const back = orderParams(new URLSearchParams(path.split("?")[1]));
    expect(back).toEqual({ span: { from: "2026-12-03T17:00:00+00:00", to: "2026-12-04T17:00:00+00:00" }, status: null, accounts: ["nhanh-1"] });
    expect(orderParams(new URLSearchParams(ordersPath({ status: "packing" }).split("?")[1])).status).toBe("packing");
  });

  it("ignores what it cannot read", () => {
    expect(orderParams(new URLSearchParams("from=yesterday&status=lost"))).toEqual({ span: null, status: null, accounts: [] });
    expect(ordersPath({})).toBe("/orders");
  });

  it("writes a chart day the Vietnamese way", () => {
    expect(shortDay("2026-12-04")).toBe("04/12");
  });
});
