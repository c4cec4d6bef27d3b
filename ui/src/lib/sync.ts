import type { AccountSyncStatus, SyncPhase, SyncProgress } from "../ipc";

/** `syncStatus` as the UI keeps it: the accounts and when they were asked for (an increasing number shared with the events). */
export interface SyncStatusAnswer {
  accounts: AccountSyncStatus[];
  arrival: number;
}

/** An account's latest stock-sync event and when it arrived (the same numbering as `SyncStatusAnswer`). */
export interface StockProgress {
  progress: SyncProgress;
  arrival: number;
}

/** The phases of a stock sync still under way (`done` and `failed` end it; `orders` comes after it). */
const LIVE: readonly SyncPhase[] = ["warehouses", "catalog", "stock", "saving"];

/**
 * Whether an account's stock sync runs, and its progress to show: the newer of what Rust last answered
 * (`running`) and the last event. A `done`/`failed` event ends the run even when the status answered before
 * it still says running; a status answered after the last event wins over it (an event lost on the way, a
 * run that ended without one), so the card never stays busy.
 */
export function syncState(
  status: AccountSyncStatus | undefined,
  statusArrival: number,
  last: StockProgress | undefined,
): { running: boolean; progress: SyncProgress | null } {
  const live = last !== undefined && LIVE.includes(last.progress.phase);
  const running = last !== undefined && last.arrival > statusArrival ? live : (status?.running ?? false);
  return { running, progress: running && live ? last.progress : null };
}
