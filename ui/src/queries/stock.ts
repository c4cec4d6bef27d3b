import { infiniteQueryOptions, type QueryClient, useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { ipc, type ExportFormat, type GridPage, type GridQuery, type GridRow } from "../ipc";
import type { StockProgress, SyncStatusAnswer } from "../lib/sync";
import { keys } from "./keys";
import { useIpcEvent } from "./listen";

const PAGE = 200;

function gridOptions(query: GridQuery) {
  return infiniteQueryOptions({
    queryKey: keys.stock.grid({ ...query, offset: 0, limit: PAGE }),
    queryFn: ({ pageParam }) => ipc.stockGrid({ ...query, offset: pageParam, limit: PAGE }),
    initialPageParam: 0,
    getNextPageParam: (last: GridPage, pages: GridPage[]) => {
      const loaded = pages.reduce((n, p) => n + p.rows.length, 0);
      return loaded < last.totalRows ? loaded : undefined;
    },
  });
}

/** What the Stock page asks first: every row, no search or filter, by name. */
export function firstGridQuery(lowThreshold: number): GridQuery {
  return {
    search: "",
    vendors: [],
    warehouses: [],
    mismatchesOnly: false,
    lowStockOnly: false,
    lowThreshold,
    sort: { by: "name" },
    descending: false,
    offset: 0,
    limit: PAGE,
  };
}

/**
 * At launch, before React has drawn anything: read the settings and then at once the Stock page's first rows
 * from the local cache, so they are on screen with the first frame of the page, before any sync answers
 * (`first_rows_ms` in the start-up benchmark). Skipped when a database needs the recovery screen.
 */
export function prefetchFirstScreen(client: QueryClient) {
  void Promise.all([
    client.fetchQuery({ queryKey: keys.settings.current(), queryFn: ipc.getSettings, staleTime: Infinity }),
    client.fetchQuery({ queryKey: keys.settings.recovery(), queryFn: ipc.recoveryStatus, staleTime: Infinity }),
  ])
    .then(([settings, recovery]) =>
      recovery ? undefined : client.prefetchInfiniteQuery(gridOptions(firstGridQuery(settings.lowStockThreshold))),
    )
    .catch(() => undefined);
}

/** One grid row opened: its listings per vendor account with their figures, and its stock history. */
export function useStockDetail(groupKey: string | null) {
  return useQuery({
    queryKey: keys.stock.detail(groupKey),
    queryFn: () => ipc.stockDetail(groupKey ?? ""),
    enabled: groupKey !== null,
  });
}

/** The grid's rows, fetched in windows of 200 as the user scrolls (the filtering and sorting are in Rust). */
export function useGridRows(query: GridQuery) {
  const q = useInfiniteQuery({ ...gridOptions(query), placeholderData: (prev) => prev });
  const rows: GridRow[] = useMemo(() => (q.data?.pages ?? []).flatMap((p) => p.rows), [q.data]);
  const first = q.data?.pages[0];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = q;
  const ensure = useCallback(
    (index: number) => {
      if (index >= rows.length - 20 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    },
    [rows.length, hasNextPage, isFetchingNextPage, fetchNextPage],
  );
  return {
    rows,
    totalRows: first?.totalRows ?? 0,
    columns: first?.columns ?? [],
    loading: q.isPending,
    /** When the rows were last read (ms since the epoch; 0: not yet): a re-read after a sync changes it. */
    updatedAt: q.dataUpdatedAt,
    ensure,
  };
}

/**
 * Orders what the UI learns about syncs (a `syncStatus` answer, a `sync-progress` event) by when it arrived:
 * the newer of the two says whether an account's stock sync runs (see `lib/sync.ts`).
 */
let arrivals = 0;
const arrival = () => ++arrivals;

/** Each account's sync status as Rust answered it, with when the answer arrived. */
export function useSyncStatus() {
  return useQuery({
    queryKey: keys.stock.syncStatus(),
    // numbered when asked, not when answered: the answer says how things stood when Rust read them, so an
    // event that arrives while the answer is on its way is newer than it
    queryFn: async (): Promise<SyncStatusAnswer> => {
      const asked = arrival();
      return { accounts: await ipc.syncStatus(), arrival: asked };
    },
  });
}

/** Each account's latest stock-sync event (the orders list's events are left out: they follow the stock sync). */
export function useSyncProgress() {
  const [progress, setProgress] = useState<Record<string, StockProgress>>({});
  useIpcEvent(ipc.onSyncProgress, (p) => {
    if (p.phase === "orders") return;
    const at = arrival();
    setProgress((all) => ({ ...all, [p.accountId]: { progress: p, arrival: at } }));
  });
  return progress;
}

export function useSyncNow() {
  return useMutation({ mutationFn: ipc.syncNow });
}

export function useExport() {
  return useMutation({
    mutationFn: (a: { query: GridQuery; format: ExportFormat }) => ipc.stockExport(a.query, a.format),
  });
}

/** An account's latest sync runs (`null`: none asked for). */
export function useSyncRuns(accountId: string | null) {
  return useQuery({
    queryKey: keys.stock.runs(accountId),
    queryFn: () => ipc.syncRuns(accountId ?? ""),
    enabled: accountId !== null,
  });
}

/** Every log line of one run (`null`: none chosen). */
export function useSyncLog(runId: number | null) {
  return useQuery({
    queryKey: keys.stock.log(runId),
    queryFn: () => ipc.syncLog(runId ?? 0),
    enabled: runId !== null,
  });
}
