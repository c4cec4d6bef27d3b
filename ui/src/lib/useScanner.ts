import { useEffect, useRef } from "react";
import { acceptsScans, isTypingField, ScanDetector } from "./scanner";

/** The window's detector: one per app, so shortcuts can ask whether a scan is under way. */
export const windowScanner = new ScanDetector();

/**
 * Calls `onScan(code, target)` when a barcode scanner sends a code (see `SCAN`) while this component is
 * mounted. Where focus is decides:
 * - outside any text field (the page, a button, a table, a closed select): the scan is taken;
 * - in a field marked `data-scan="accept"` (the item search, the stock search): taken, the caller
 *   replaces what the scanner typed there;
 * - in any other text field (name, phone, address, quantities): not taken — the keys are the user's
 *   typing there, and a scanner aimed at that field fills it like a keyboard.
 * The Enter that ends a taken scan never reaches the page (no form submit, no select opening).
 */
export function useScanner(onScan: (code: string, target: Element | null) => void, enabled = true) {
  const handler = useRef(onScan);
  useEffect(() => {
    handler.current = onScan;
  }, [onScan]);
  useEffect(() => {
    if (!enabled) return;
    windowScanner.reset();
    const listen = (e: KeyboardEvent) => {
      const target = e.target instanceof Element ? e.target : null;
      if (isTypingField(target) && !acceptsScans(target)) {
        windowScanner.reset();
        return;
      }
      const code = windowScanner.feed({ key: e.key, at: e.timeStamp, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey });
      if (code !== null) {
        e.preventDefault();
        e.stopPropagation();
        handler.current(code, target);
      }
    };
    window.addEventListener("keydown", listen, true);
    return () => window.removeEventListener("keydown", listen, true);
  }, [enabled]);
}
