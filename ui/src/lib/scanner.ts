// Barcode scanners type like a keyboard: the code's characters in a fast burst, then Enter. This module
// tells such a burst from a person typing; `useScanner` wires it to the window.

/** The rule in one place: what counts as a scan. */
export const SCAN = {
  /** The longest gap between two keystrokes of a scan (scanners send a key every few ms; people ≥ ~80 ms). */
  maxGapMs: 50,
  /** The shortest code a scan carries (shorter bursts are typing). */
  minLength: 4,
  /** Past this a burst is not a code (a key held down, a paste). */
  maxLength: 64,
} as const;

/** The keys a scanner sends around a character (shift for capitals) that neither add to nor break a burst. */
const MODIFIERS = new Set(["Shift", "Control", "Alt", "Meta", "CapsLock", "AltGraph"]);

/** A keystroke as the detector needs it. */
export interface Stroke {
  key: string;
  /** When it came, in ms (`event.timeStamp` or `performance.now()`). */
  at: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

/**
 * Feeds keystrokes one by one; answers the code when a burst of at least `minLength` characters, each within
 * `maxGapMs` of the previous, ends in Enter (itself within the gap). Anything else answers `null`.
 */
export class ScanDetector {
  private buffer = "";
  private last = -Infinity;

  constructor(private readonly rule: { maxGapMs: number; minLength: number; maxLength: number } = SCAN) {}

  feed(s: Stroke): string | null {
    if (MODIFIERS.has(s.key)) return null;
    const quick = s.at - this.last <= this.rule.maxGapMs;
    if (s.key === "Enter") {
      const code = quick && this.buffer.length >= this.rule.minLength ? this.buffer : null;
      this.reset();
      return code;
    }
    if (s.key.length !== 1 || s.ctrlKey || s.altKey || s.metaKey) {
      this.reset();
      return null;
    }
    this.buffer = quick && this.buffer.length < this.rule.maxLength ? this.buffer + s.key : s.key;
    this.last = s.at;
    return null;
  }

  /** A burst is under way: the last character came within the gap (for shortcuts to stay quiet). */
  busy(now: number): boolean {
    return this.buffer.length > 0 && now - this.last <= this.rule.maxGapMs;
  }

  reset() {
    this.buffer = "";
    this.last = -Infinity;
  }
}

const TYPING_INPUTS = new Set(["text", "search", "tel", "email", "url", "number", "password", ""]);

/** Whether `el` is a field the user types into (an editable text input, a textarea, contenteditable). */
export function isTypingField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) return TYPING_INPUTS.has(el.type) && !el.readOnly && !el.disabled;
  return el instanceof HTMLElement && el.isContentEditable === true;
}

/** A field marked `data-scan="accept"` takes scans too (the item search, the stock search). */
export function acceptsScans(el: Element | null): boolean {
  return !!el && el instanceof HTMLElement && el.dataset.scan === "accept";
}

/** The same code, ignoring case and surrounding spaces (scanners and vendors differ in both). */
export function sameCode(a: string | null | undefined, b: string): boolean {
  return !!a && a.trim().toUpperCase() === b.trim().toUpperCase();
}
