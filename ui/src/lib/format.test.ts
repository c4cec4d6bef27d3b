import { describe, expect, it } from "vitest";
import { formatAge, formatNumber, formatVnd, freshness } from "./format";

describe("VND formatting", () => {
  it("groups with dots and shows no decimals", () => {
    expect(formatVnd(1250000).replace(/\s/g, " ")).toBe("1.250.000 ₫");
    expect(formatVnd(0).replace(/\s/g, " ")).toBe("0 ₫");
    expect(formatVnd(199999.6).replace(/\s/g, " ")).toBe("200.000 ₫");
  });
  it("formats counts the Vietnamese way", () => {
    expect(formatNumber(12345)).toBe("12.345");
  });
});

describe("freshness of synced figures", () => {
  const at = "2026-12-03T08:00:00Z";
  const t0 = Date.parse(at);
  it("counts whole minutes and warns past twice the interval (at least an hour)", () => {
    expect(freshness(at, t0 + 90_000, 30)).toEqual({ minutes: 1, stale: false });
    expect(freshness(at, t0 + 60 * 60_000, 30)).toEqual({ minutes: 60, stale: false });
    expect(freshness(at, t0 + 61 * 60_000, 30)).toEqual({ minutes: 61, stale: true });
    expect(freshness(at, t0 + 61 * 60_000, 1)?.stale).toBe(true);
    expect(freshness(at, t0 + 119 * 60_000, 60)?.stale).toBe(false);
  });
  it("allows a day when automatic sync is off, and never goes negative or throws", () => {
    expect(freshness(at, t0 + 23 * 3600_000, 0)?.stale).toBe(false);
    expect(freshness(at, t0 + 25 * 3600_000, 0)?.stale).toBe(true);
    expect(freshness(at, t0 - 5000, 30)).toEqual({ minutes: 0, stale: false });
    expect(freshness("not a time", t0, 30)).toBeNull();
  });
  it("says the age in the UI language", () => {
    expect(formatAge(3, "vi")).toBe("3 phút trước");
    expect(formatAge(3, "en")).toBe("3 minutes ago");
    expect(formatAge(150, "en")).toBe("2 hours ago");
    expect(formatAge(3 * 24 * 60, "vi")).toBe("3 ngày trước");
  });
});
