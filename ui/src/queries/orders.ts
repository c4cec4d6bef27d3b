import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ipc, type AddressOption, type ExportFormat, type ImportSend, type OrderDraft, type OrderFilter, type ReportRow } from "../ipc";
import { invalidateKind, keys } from "./keys";

/** The accounts orders can go to, each with its warehouses (from the stock cache). */
export function useOrderTargets() {
  return useQuery({ queryKey: keys.catalog.targets(), queryFn: ipc.orderTargets });
}

/** The account's catalog by SKU, barcode or name, with stock per warehouse; a stock sync refreshes it. */
export function useCatalogSearch(accountId: string, query: string) {
  return useQuery({
    queryKey: keys.catalog.search(accountId, query),
    queryFn: () => ipc.catalogSearch(accountId, query),
    placeholderData: (prev) => prev,
  });
}

/** Carriers (Nhanh) and order sources (Pancake) of the account, asked of the vendor. */
export function useOrderOptions(accountId: string | null) {
  return useQuery({
    queryKey: keys.vendor.orderOptions(accountId),
    queryFn: () => ipc.orderOptions(accountId ?? ""),
    enabled: !!accountId,
    staleTime: 10 * 60 * 1000,
  });
}

/** The picked address in the account's geo ids (`enabled` once the address is complete). */
export function useGeoResolve(accountId: string | null, address: AddressOption | null, enabled: boolean) {
  return useQuery({
    queryKey: keys.vendor.geo(accountId, address),
    queryFn: () => (accountId && address ? ipc.addressResolve(accountId, address) : null),
    enabled: !!accountId && enabled,
    retry: false,
  });
}

function useOrdersChanged() {
  const qc = useQueryClient();
  // not awaited: the caller's own success handling (toast, navigation) runs at once
  return () => void invalidateKind(qc, "orders");
}

/** Queue an order in the outbox; field errors are shown in the form. */
export function useSubmitOrder() {
  const onSuccess = useOrdersChanged();
  return useMutation({ meta: { inlineErrors: true }, mutationFn: (draft: OrderDraft) => ipc.orderSubmit(draft), onSuccess });
}

/** Orders entered in ShopDesk with their sending state (`enabled: false` until there is something to watch). */
export function useOutbox(enabled = true) {
  return useQuery({ queryKey: keys.orders.outbox(), queryFn: ipc.orderOutbox, enabled });
}

export function useRetryOrder() {
  const onSuccess = useOrdersChanged();
  return useMutation({ mutationFn: (id: number) => ipc.orderRetry(id), onSuccess });
}

export function useOrdersList(filter: OrderFilter) {
  return useQuery({
    queryKey: keys.orders.list(filter),
    queryFn: () => ipc.ordersList(filter),
    placeholderData: (prev) => prev,
  });
}

/** Orders per status for the tabs: the status filter and the page do not change them. */
export function useStatusCounts(filter: OrderFilter) {
  return useQuery({
    queryKey: keys.orders.counts({ ...filter, statuses: [], offset: 0 }),
    queryFn: () => ipc.ordersStatusCounts(filter),
  });
}

export function useOrdersSync() {
  const onSuccess = useOrdersChanged();
  return useMutation({ mutationFn: ipc.ordersSync, onSuccess });
}

export function useOrderDetail(accountId: string, vendorOrderId: string) {
  return useQuery({
    queryKey: keys.orders.detail(accountId, vendorOrderId),
    queryFn: () => ipc.orderDetail(accountId, vendorOrderId),
  });
}

export function useCancelOrder(accountId: string, vendorOrderId: string) {
  const onSuccess = useOrdersChanged();
  return useMutation({ mutationFn: () => ipc.orderCancel(accountId, vendorOrderId), onSuccess });
}

export function useImportTemplate() {
  return useMutation({ mutationFn: (format: ExportFormat) => ipc.importTemplate(format) });
}

/** Choose the file and check every row (nothing is sent); file-level errors are shown on the page. */
export function useImportPreview() {
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (a: { accountId: string; warehouseId: string }) => ipc.importPreview(a.accountId, a.warehouseId),
  });
}

export function useImportSend() {
  const onSuccess = useOrdersChanged();
  return useMutation({ mutationFn: (orders: ImportSend[]) => ipc.importSend(orders), onSuccess });
}

export function useImportReport() {
  return useMutation({ mutationFn: (rows: ReportRow[]) => ipc.importReport(rows, "xlsx") });
}

/** Send a refused order again, fixed, under a new reference; field errors are shown in the form. */
export function useResendOrder() {
  const onSuccess = useOrdersChanged();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (a: { id: number; draft: OrderDraft }) => ipc.orderResend(a.id, a.draft),
    onSuccess,
  });
}

/** Dismiss a refused order (or one that needs attention): it stays listed but asks for nothing more. */
export function useDismissOrder() {
  const onSuccess = useOrdersChanged();
  return useMutation({ mutationFn: (id: number) => ipc.orderDismiss(id), onSuccess });
}

/** The order's tracking page, asked of the vendor when the detail opens (none for Onflow). */
export function useTrackingLink(accountId: string, vendorOrderId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.vendor.trackingLink(accountId, vendorOrderId),
    queryFn: () => ipc.orderTrackingLink(accountId, vendorOrderId),
    enabled,
    retry: false,
    staleTime: 5 * 60 * 1000,
  });
}

export function useOpenTracking(accountId: string, vendorOrderId: string) {
  return useMutation({ mutationFn: () => ipc.orderOpenTracking(accountId, vendorOrderId) });
}

/** Fetch the order's shipping label (a PDF) from the vendor and open it to print. */
export function usePrintLabel(accountId: string, vendorOrderId: string) {
  return useMutation({ mutationFn: () => ipc.orderPrintLabel(accountId, vendorOrderId) });
}

/** Save the filtered list (every matching row) as CSV or Excel. */
export function useOrdersExport() {
  return useMutation({ mutationFn: (a: { filter: OrderFilter; format: ExportFormat }) => ipc.ordersExport(a.filter, a.format) });
}

/** The customers the workspace's vendors know by this phone (asked once the number is complete). */
export function useCustomerLookup(phone: string) {
  const digits = phone.replace(/\D/g, "");
  return useQuery({
    queryKey: keys.vendor.customers(phone.trim()),
    queryFn: () => ipc.customerLookup(phone.trim()),
    enabled: digits.length >= 10 && digits.length <= 12,
    staleTime: 60 * 1000,
    retry: false,
  });
}
