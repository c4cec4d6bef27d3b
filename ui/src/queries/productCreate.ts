import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ipc, type ExportFormat, type ProductAttribute, type ProductChange, type ProductDraft, type ProductTarget, type ReportRow, type VariantInput } from "../ipc";
import { invalidateKind, keys } from "./keys";

/** The accounts a new product can be created at, with Onflow's warehouses (from the stock cache). */
export function useProductAccounts() {
  return useQuery({ queryKey: keys.catalog.productAccounts(), queryFn: ipc.productAccounts });
}

/** What the form offers for an account's own fields (Onflow's values and defaults, the POS categories), read once
 * per account while its row is ticked. */
export function useProductOptions(accountId: string, enabled: boolean) {
  return useQuery({ queryKey: keys.catalog.productOptions(accountId), queryFn: () => ipc.productOptions(accountId), enabled, staleTime: 5 * 60_000 });
}

/** Every product sent from ShopDesk, newest first, with each account's result. */
export function useProductList() {
  return useQuery({ queryKey: keys.products.list(), queryFn: ipc.productList });
}

/** A fresh reference for the form (asked once when it opens). */
export function useNewProductReference() {
  return useMutation({ mutationFn: ipc.productNewReference });
}

/** The variants of the attributes, generated in Rust (the one rule), keeping the owner's edits of the ones kept. */
export function useProductVariants() {
  return useMutation({
    mutationFn: (a: { sku: string; attributes: ProductAttribute[]; existing: VariantInput[] }) => ipc.productVariants(a.sku, a.attributes, a.existing),
  });
}

function useProductsChanged() {
  const qc = useQueryClient();
  return () => void invalidateKind(qc, "products");
}

/** Store the product and send it in the background; field errors are shown in the form. */
export function useSubmitProduct() {
  const onSuccess = useProductsChanged();
  return useMutation({ meta: { inlineErrors: true }, mutationFn: (draft: ProductDraft) => ipc.productSubmit(draft), onSuccess });
}

/** Send one account's refused records again. */
export function useRetryProduct() {
  const onSettled = useProductsChanged();
  return useMutation({ mutationFn: (a: { reference: string; accountId: string }) => ipc.productRetry(a.reference, a.accountId), onSettled });
}

/** What an edit would change, and where (nothing stored; asked again when the form changes). */
export function useEditPreview() {
  return useMutation({ meta: { inlineErrors: true }, mutationFn: (a: { reference: string; change: ProductChange }) => ipc.productEditPreview(a.reference, a.change) });
}

/** Store the new values and send them to every account that holds the product. */
export function useEditProduct() {
  const onSuccess = useProductsChanged();
  return useMutation({ meta: { inlineErrors: true }, mutationFn: (a: { reference: string; change: ProductChange }) => ipc.productEdit(a.reference, a.change), onSuccess });
}

/** Stop selling the product at every account that holds it. */
export function useRetireProduct() {
  const onSettled = useProductsChanged();
  return useMutation({ mutationFn: (reference: string) => ipc.productRetire(reference), onSettled });
}

/** Save the product template. */
export function useProductImportTemplate() {
  return useMutation({ mutationFn: (format: ExportFormat) => ipc.productImportTemplate(format) });
}

/** Choose a file and check its products for the chosen accounts (nothing stored); file errors shown in place. */
export function useProductImportPreview() {
  return useMutation({ meta: { inlineErrors: true }, mutationFn: (targets: ProductTarget[]) => ipc.productImportPreview(targets) });
}

/** Store the valid products and send them in the background. */
export function useProductImportSend() {
  const onSuccess = useProductsChanged();
  return useMutation({ mutationFn: (drafts: ProductDraft[]) => ipc.productImportSend(drafts), onSuccess });
}

/** Save the result report. */
export function useProductImportReport() {
  return useMutation({ mutationFn: (rows: ReportRow[]) => ipc.productImportReport(rows, "xlsx") });
}
