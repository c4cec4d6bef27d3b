import { describe, expect, it } from "vitest";
import { formatNumber, formatVnd } from "./format";

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
