import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ipc, type ReturnDraft } from "../ipc";
import { invalidateKind, keys } from "./keys";

/** Every return of the workspace, from the journal and the local list (shown even when a vendor is out of reach). */
export function useReturnList() {
  return useQuery({ queryKey: keys.returns.list(), queryFn: ipc.returnList });
}

/** The returns of one order (the order detail links to them). */
export function useReturnsForOrder(accountId: string, vendorOrderId: string) {
  return useQuery({
    queryKey: keys.returns.forOrder(accountId, vendorOrderId),
    queryFn: () => ipc.returnsForOrder(accountId, vendorOrderId),
  });
}

export function useReturnDetail(accountId: string, returnId: string) {
  return useQuery({ queryKey: keys.returns.detail(accountId, returnId), queryFn: () => ipc.returnDetail(accountId, returnId) });
}

function useReturnsChanged() {
  const qc = useQueryClient();
  // not awaited: the caller's own success handling (toast, closing) runs at once
  return () => void invalidateKind(qc, "returns");
}

/** Re-read the returns from the vendors; a failure is shown on the page as a notice (the list stays). */
export function useReturnsSync() {
  const onSettled = useReturnsChanged();
  return useMutation({ meta: { inlineErrors: true }, mutationFn: ipc.returnsSync, onSettled });
}

/** A fresh reference for the form (asked once when the form opens; never refreshed under the owner). */
export function useNewReturnReference() {
  return useMutation({ mutationFn: ipc.returnNewReference });
}

/** Store the return request and send it in the background; field errors are shown in the form. */
export function useSubmitReturn() {
  const onSuccess = useReturnsChanged();
  return useMutation({ meta: { inlineErrors: true }, mutationFn: (draft: ReturnDraft) => ipc.returnSubmit(draft), onSuccess });
}

export function useCancelReturn(accountId: string, returnId: string) {
  const qc = useQueryClient();
  const changed = useReturnsChanged();
  return useMutation({
    mutationFn: () => ipc.returnCancel(accountId, returnId),
    onSuccess: (detail) => {
      qc.setQueryData(keys.returns.detail(accountId, returnId), detail);
      changed();
    },
  });
}

/** "Kiểm tra lại và gửi": the backend looks the request up at the vendor before any resend. */
export function useRetryReturn() {
  const onSuccess = useReturnsChanged();
  return useMutation({ mutationFn: (reference: string) => ipc.returnRetry(reference), onSuccess });
}

/** Drop a request the vendor refused. */
export function useDiscardReturn() {
  const onSuccess = useReturnsChanged();
  return useMutation({ mutationFn: (reference: string) => ipc.returnDiscard(reference), onSuccess });
}
