import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ipc, type ExportFormat, type PoDraft, type ReportRow } from "../ipc";
import { invalidateKind, keys } from "./keys";

/** The Onflow accounts a PO can go to, each with its warehouses. */
export function useInboundTargets() {
  return useQuery({ queryKey: keys.catalog.inboundTargets(), queryFn: ipc.inboundTargets });
}

/**
 * Whether each product can go into a PO for the warehouse, asked of the vendor for the set of products
 * (`oasins`, already debounced by the caller). A failed check is shown beside the lines, not as a toast.
 */
export function useLineChecks(accountId: string | null, warehouseCode: string | null, oasins: readonly string[]) {
  return useQuery({
    queryKey: keys.vendor.lineChecks(accountId, warehouseCode, oasins),
    queryFn: () => ipc.inboundCheckLines(accountId ?? "", warehouseCode ?? "", [...oasins]),
    enabled: !!accountId && !!warehouseCode && oasins.length > 0,
    // while a new set is asked, the answers for the same account and warehouse stay (a product's answer does
    // not depend on the other lines); another warehouse starts over
    placeholderData: (prev, prevQuery) => {
      const k = prevQuery?.queryKey;
      return k && k[2] === accountId && k[3] === warehouseCode ? prev : undefined;
    },
    staleTime: 60 * 1000,
    meta: { silentErrors: true },
  });
}

/** A fresh reference for the form (asked once when the form opens; never refreshed under the owner). */
export function useNewPoReference() {
  return useMutation({ mutationFn: ipc.poNewReference });
}

/** Every PO of the workspace, from the journal and the local cache (shown even when the vendor is out of reach). */
export function usePoList() {
  return useQuery({ queryKey: keys.inbound.list(), queryFn: ipc.poList });
}

function useInboundChanged() {
  const qc = useQueryClient();
  // not awaited: the caller's own success handling (toast, closing) runs at once
  return () => void invalidateKind(qc, "inbound");
}

/** Re-read the POs from the warehouse; a failure is shown on the page as a notice (the list stays). */
export function usePoSync() {
  const onSettled = useInboundChanged();
  return useMutation({ meta: { inlineErrors: true }, mutationFn: ipc.poSync, onSettled });
}

/** Store the PO and send it in the background; field errors are shown in the form. */
export function useSubmitPo() {
  const onSuccess = useInboundChanged();
  return useMutation({ meta: { inlineErrors: true }, mutationFn: (draft: PoDraft) => ipc.poSubmit(draft), onSuccess });
}

export function usePoDetail(accountId: string, poCode: string) {
  return useQuery({ queryKey: keys.inbound.detail(accountId, poCode), queryFn: () => ipc.poDetail(accountId, poCode) });
}

/** The bill's URL, asked each time the bill is opened (the vendor's link may expire). */
export function usePoBill(accountId: string, poCode: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.inbound.bill(accountId, poCode),
    queryFn: () => ipc.poBill(accountId, poCode),
    enabled,
    gcTime: 0,
    staleTime: 0,
  });
}

export function useCancelPo(accountId: string, poCode: string) {
  const qc = useQueryClient();
  const changed = useInboundChanged();
  return useMutation({
    mutationFn: () => ipc.poCancel(accountId, poCode),
    onSuccess: (detail) => {
      qc.setQueryData(keys.inbound.detail(accountId, poCode), detail);
      changed();
    },
  });
}

/** "Kiểm tra lại và gửi": the backend looks the PO up at the vendor before any resend. */
export function useRetryPo() {
  const onSuccess = useInboundChanged();
  return useMutation({ mutationFn: (reference: string) => ipc.poRetry(reference), onSuccess });
}

/** Drop a PO the vendor refused. */
export function useDiscardPo() {
  const onSuccess = useInboundChanged();
  return useMutation({ mutationFn: (reference: string) => ipc.poDiscard(reference), onSuccess });
}

/** Save the PO template (xlsx or csv). */
export function usePoImportTemplate() {
  return useMutation({ mutationFn: (format: ExportFormat) => ipc.poImportTemplate(format) });
}

/** Choose the file and check every row for the account (nothing is stored); file-level errors are shown on the page. */
export function usePoImportPreview() {
  return useMutation({ meta: { inlineErrors: true }, mutationFn: (accountId: string) => ipc.poImportPreview(accountId) });
}

/** Store the valid POs in the journal; each is sent once in the background (the list shows how far). */
export function usePoImportSend() {
  const onSuccess = useInboundChanged();
  return useMutation({ mutationFn: (pos: PoDraft[]) => ipc.poImportSend(pos), onSuccess });
}

export function usePoImportReport() {
  return useMutation({ mutationFn: (rows: ReportRow[]) => ipc.poImportReport(rows, "xlsx") });
}
