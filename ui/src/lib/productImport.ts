// Bulk products from a file: the pure rules of the import's preview and progress. What makes a product valid is
// decided in Rust (`order_import::product` and `shopdesk_core::product::validate`); these only say where each
// product of the file is, which can be sent, how far the send is, and what the report holds.
import type { ProductDraft, ProductImportQueued, ProductImportView, ProductRow, ReportRow } from "../ipc";
import { canRetry } from "./productForm";

export type ProductImportProduct = ProductImportView["preview"]["products"][number];
export type ProductImportRowError = ProductImportProduct["errors"][number];

/**
 * Where a product of the file is: `error` (its rows are wrong), `ready` (valid, not sent yet), `refused` (not
 * stored: checked again when stored), then, once stored, `sending` until every account settled, `created` when
 * every account holds it, `partial` when some account refused it or needs the owner.
 */
export type ProductImportState = "error" | "ready" | "refused" | "sending" | "created" | "partial";

/** The products of the preview that can be sent (valid, with their draft). */
export function sendableProducts(view: ProductImportView | null): ProductDraft[] {
  return (view?.preview.products ?? []).flatMap((p) => (p.draft && p.errors.length === 0 ? [p.draft] : []));
}

/** The list rows of the products the import stored, by their SKU (the row answered when stored until the list has it). */
export function rowsByKey(queued: readonly ProductImportQueued[], list: readonly ProductRow[] | undefined): Map<string, ProductRow> {
  const out = new Map<string, ProductRow>();
  for (const q of queued) {
    if (!q.row) continue;
    const reference = q.row.reference;
    out.set(q.key, list?.find((r) => r.reference === reference) ?? q.row);
  }
  return out;
}

/** A stored product's state from its accounts' results. */
export function storedState(row: ProductRow): ProductImportState {
  if (row.targets.every((t) => t.state === "created")) return "created";
  if (row.targets.some((t) => t.state === "queued" || t.state === "sending" || t.state === "finishing")) return "sending";
  return row.targets.some((t) => canRetry(t.state)) ? "partial" : "sending";
}

export function productState(p: ProductImportProduct, queued: readonly ProductImportQueued[], rows: Map<string, ProductRow>): ProductImportState {
  if (p.errors.length > 0 || !p.draft) return "error";
  const q = queued.find((x) => x.key === p.sku);
  if (!q) return "ready";
  if (q.error) return "refused";
  const row = rows.get(p.sku);
  return row ? storedState(row) : "sending";
}

/** How many of the stored products are settled (every account created, or some needing the owner). */
export function progress(queued: readonly ProductImportQueued[], rows: Map<string, ProductRow>): { done: number; total: number } {
  const done = queued.filter((q) => {
    if (q.error) return true;
    const row = rows.get(q.key);
    return !!row && storedState(row) !== "sending";
  }).length;
  return { done, total: queued.length };
}

/** The report: one line per product of the file — created (with its reference), refused or partly refused (why),
 * still on its way, or not sent because of its rows. */
export function productImportReportRows(
  view: ProductImportView | null,
  queued: readonly ProductImportQueued[],
  rows: Map<string, ProductRow>,
  describe: (e: ProductImportRowError) => string,
  describeSend: (q: ProductImportQueued, row: ProductRow | undefined) => string | null,
): ReportRow[] {
  return (view?.preview.products ?? []).map((p) => {
    const state = productState(p, queued, rows);
    const row = rows.get(p.sku);
    const q = queued.find((x) => x.key === p.sku);
    const base = { key: p.sku, rows: p.rows, reference: row?.reference ?? null, vendorOrderId: null };
    switch (state) {
      case "error":
        return { ...base, state: "invalid", error: p.errors.map(describe).join("; ") };
      case "created":
        return { ...base, state: "created", error: null };
      case "refused":
        return { ...base, state: "failed", error: q ? describeSend(q, row) : null };
      case "partial":
        return { ...base, state: "needsAttention", error: q ? describeSend(q, row) : null };
      default:
        return { ...base, state: "pending", error: null };
    }
  });
}
