import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ipc, type ExportFormat, type Limits, type Settings } from "../ipc";
import { invalidateKind, keys } from "./keys";

/** "Sắp hết": the products below their minimum (refreshed by every stock `data-changed`, so after each sync). */
export function useLowStock(enabled = true) {
  return useQuery({ queryKey: keys.stock.lowStock(), queryFn: ipc.lowStockView, enabled });
}

/** One product group's limits (`null`: none chosen). */
export function useStockLimits(groupKey: string | null) {
  return useQuery({
    queryKey: keys.stock.limits(groupKey),
    queryFn: () => ipc.stockLimits(groupKey ?? ""),
    enabled: groupKey !== null,
  });
}

export function useSetStockLimits() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { groupKey: string; limits: Limits }) => ipc.setStockLimits(a.groupKey, a.limits),
    onSuccess: () => void invalidateKind(qc, "stock"),
  });
}

export function useLowStockExport() {
  return useMutation({ mutationFn: (format: ExportFormat) => ipc.lowStockExport(format) });
}

/** The Settings switch that mutes the desktop notification. */
export function useLowStockMuted() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (muted: boolean) => ipc.setLowStockMuted(muted),
    onSuccess: (settings: Settings) => qc.setQueryData(keys.settings.current(), settings),
  });
}
