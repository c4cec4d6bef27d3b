import { fireEvent, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isTypingField, SCAN, ScanDetector } from "./scanner";
import { useScanner } from "./useScanner";

/** Feed `text` then Enter, one key every `gap` ms; answers what the detector made of the Enter. */
function burst(d: ScanDetector, text: string, gap: number, start = 1000): string | null {
  let at = start;
  for (const key of text) {
    expect(d.feed({ key, at })).toBeNull();
    at += gap;
  }
  return d.feed({ key: "Enter", at });
}

describe("ScanDetector", () => {
  it("takes a fast burst ending in Enter as a scan", () => {
    expect(burst(new ScanDetector(), "8934567890123", 8)).toBe("8934567890123");
    expect(burst(new ScanDetector(), "AT01", SCAN.maxGapMs)).toBe("AT01");
  });

  it("does not take typing: slow keys, too short a code, or no Enter", () => {
    expect(burst(new ScanDetector(), "8934567890123", SCAN.maxGapMs + 40)).toBeNull();
    expect(burst(new ScanDetector(), "ABC", 5)).toBeNull();
    const d = new ScanDetector();
    for (const [i, key] of [..."8934567890123"].entries()) expect(d.feed({ key, at: i * 5 })).toBeNull();
    // a pause before Enter: the burst was typed, Enter is the user's
    expect(d.feed({ key: "Enter", at: 13 * 5 + 500 })).toBeNull();
    // Tab (or any other non-character key) breaks a burst
    const t = new ScanDetector();
    for (const [i, key] of [..."1234"].entries()) t.feed({ key, at: i * 5 });
    t.feed({ key: "Tab", at: 21 });
    expect(t.feed({ key: "Enter", at: 22 })).toBeNull();
  });

  it("starts again after a slow key: only the fast tail is the scan", () => {
    const d = new ScanDetector();
    d.feed({ key: "x", at: 0 });
    d.feed({ key: "y", at: 400 });
    expect(burst(d, "SKU-42", 10, 2000)).toBe("SKU-42");
  });

  it("ignores the shift a scanner sends for capitals, and refuses shortcuts", () => {
    const d = new ScanDetector();
    let at = 0;
    for (const key of "AB12") {
      d.feed({ key: "Shift", at: at++ });
      d.feed({ key, at: at++ });
    }
    expect(d.feed({ key: "Enter", at })).toBe("AB12");
    const m = new ScanDetector();
    for (const [i, key] of [..."abcd"].entries()) m.feed({ key, at: i, ctrlKey: i === 2 });
    expect(m.feed({ key: "Enter", at: 5 })).toBeNull();
  });

  it("tells typing fields from the rest", () => {
    const input = document.createElement("input");
    const readOnly = document.createElement("input");
    readOnly.readOnly = true;
    const box = document.createElement("input");
    box.type = "checkbox";
    expect(isTypingField(input)).toBe(true);
    expect(isTypingField(document.createElement("textarea"))).toBe(true);
    expect(isTypingField(readOnly)).toBe(false);
    expect(isTypingField(box)).toBe(false);
    expect(isTypingField(document.body)).toBe(false);
  });
});

describe("useScanner", () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = "";
  });

  function keys(target: Element, text: string, gap: number) {
    for (const key of text) {
      fireEvent.keyDown(target, { key });
      vi.advanceTimersByTime(gap);
    }
    return fireEvent.keyDown(target, { key: "Enter" });
  }

  it("reports a scan on the page and keeps its Enter from the page; slow typing is not reported", () => {
    vi.useFakeTimers();
    const onScan = vi.fn();
    renderHook(() => useScanner(onScan));
    const enterReached = keys(document.body, "8934567890123", 5);
    expect(onScan).toHaveBeenCalledWith("8934567890123", document.body);
    expect(enterReached).toBe(false);
    keys(document.body, "12345", 200);
    expect(onScan).toHaveBeenCalledTimes(1);
  });

  it("leaves a text field's typing alone unless the field accepts scans", () => {
    vi.useFakeTimers();
    const onScan = vi.fn();
    renderHook(() => useScanner(onScan));
    const name = document.body.appendChild(document.createElement("input"));
    expect(keys(name, "0912345678", 5)).toBe(true);
    expect(onScan).not.toHaveBeenCalled();
    const search = document.body.appendChild(document.createElement("input"));
    search.dataset.scan = "accept";
    keys(search, "AT0001", 5);
    expect(onScan).toHaveBeenCalledWith("AT0001", search);
  });
});
