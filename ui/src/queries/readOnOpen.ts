import { useEffect } from "react";

/**
 * A page that shows a vendor's list re-reads it when it opens, at most once in this long per list: the
 * owner going back and forth between pages does not cost a vendor call (and a share of Onflow's rate
 * limit) each time, nor the memory the web process keeps per call (`src-tauri/README.md`, "Memory"). The
 * page's own read button reads at once.
 */
export const REREAD_ON_OPEN_MS = 60_000;

/** When each list was last read on a page's opening (ms since the epoch). */
const lastRead = new Map<string, number>();

type Read = (variables: undefined, options: { onError: () => void }) => void;

/**
 * Run `read` (a mutation's `mutate`) when the page opens, unless the list `key` was read on an opening less
 * than {@link REREAD_ON_OPEN_MS} ago (so StrictMode's second effect run reads nothing either). A read that
 * fails is not counted: the next opening tries again.
 */
export function useReadOnOpen(key: string, read: Read) {
  useEffect(() => {
    const now = Date.now();
    const last = lastRead.get(key);
    if (last !== undefined && now - last < REREAD_ON_OPEN_MS) return;
    lastRead.set(key, now);
    read(undefined, {
      onError: () => {
        if (lastRead.get(key) === now) lastRead.delete(key);
      },
    });
  }, [key, read]);
}

/** Forget every reading (tests start each case as a fresh app). */
export function resetReadsOnOpen() {
  lastRead.clear();
}
