import type { CatalogItem, ImportQueued, ImportView, OutboxEntry, ReportRow } from "../ipc";

/** One line of the order form. Money is integer VND; `discount` is per unit. */
export interface ItemRow {
  key: string;
  item: CatalogItem;
  quantity: number;
  unitPrice: number;
  discount: number;
}

/** What can be sold from one warehouse (available, else on hand); `null` when the vendor does not say. */
export function sellableIn(item: CatalogItem, warehouseId: string): number | null {
  const s = item.stock.find((x) => x.vendorWhId === warehouseId);
  if (!s) return null;
  return s.available ?? s.onHand ?? null;
}

type Line = { quantity: number; unitPrice: number; discount: number };

/** COD by default, as the Rust draft computes it: Σ qty × (price − discount) − order discount + shipping. */
export function codOf(items: Line[], orderDiscount: number, shippingFee: number): number {
  const lines = items.reduce((n, r) => n + r.quantity * (r.unitPrice - r.discount), 0);
  return lines - orderDiscount + shippingFee;
}

/** What a stored order collects: its explicit COD, else the computed one. */
export function codOfEntry(e: OutboxEntry): number {
  const d = e.draft;
  if (d.cod !== null) return d.cod;
  const lines = d.items.map((i) => ({ quantity: i.quantity, unitPrice: i.unit_price, discount: i.discount }));
  return codOf(lines, d.order_discount, d.shipping_fee);
}

type RowErr = ImportView["preview"]["orders"][number]["errors"][number];

/** The import's result report: one line per sent order (its outbox state) and per refused order. */
export function importReportRows(
  view: ImportView | null,
  queued: ImportQueued[],
  entries: Map<number, OutboxEntry>,
  describe: (e: RowErr) => string,
): ReportRow[] {
  const sent: ReportRow[] = queued.map((q) => {
    const e = entries.get(q.id);
    const state =
      e?.state === "created" ? "created" : e?.state === "failed" ? "failed" : e?.state === "needs_attention" ? "needsAttention" : "pending";
    return { key: q.key, rows: q.rows, state, reference: e?.client_ref ?? null, vendorOrderId: e?.vendor_order_id ?? null, error: e?.last_error ?? null };
  });
  const invalid: ReportRow[] = (view?.preview.orders ?? [])
    .filter((o) => o.errors.length > 0 || !o.draft)
    .map((o) => ({ key: o.key, rows: o.rows, state: "invalid", reference: null, vendorOrderId: null, error: o.errors.map(describe).join("; ") }));
  return [...sent, ...invalid];
}
