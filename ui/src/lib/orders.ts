import type {
  AddressOption,
  CatalogItem,
  GeoMatch,
  ImportQueued,
  ImportSend,
  ImportView,
  OrderDraft,
  OutboxEntry,
  ReportRow,
  Vendor,
} from "../ipc";

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

// The order total and COD rule lives in Rust (`OrderDraft::total`, `OrderDraft::cod_amount`): a stored order
// comes with its `total` and `cod` computed there. The form needs the figures on every keystroke, so these
// few lines repeat the rule; `orders.test.ts` runs them through the same cases as the Rust test
// (src-tauri/crates/core/src/order/totals_cases.json).

/** One line's amount: quantity × (unit price − per-unit discount). */
export function lineTotal(r: Line): number {
  return r.quantity * (r.unitPrice - r.discount);
}

/** What the customer pays, as the Rust draft computes it: Σ qty × (price − discount) − order discount + shipping. */
export function codOf(items: Line[], orderDiscount: number, shippingFee: number): number {
  return itemsTotal(items) - orderDiscount + shippingFee;
}

/** What the order collects: the typed COD, else the total. */
export function codAmount(items: Line[], orderDiscount: number, shippingFee: number, cod: number | null): number {
  return cod ?? codOf(items, orderDiscount, shippingFee);
}

/** Σ of the line amounts. */
export function itemsTotal(items: Line[]): number {
  return items.reduce((n, r) => n + lineTotal(r), 0);
}

/** The form's figures: the items' total and what the order collects by default. */
export function orderTotals(items: Line[], orderDiscount: number, shippingFee: number): { lines: number; cod: number } {
  return { lines: itemsTotal(items), cod: codOf(items, orderDiscount, shippingFee) };
}

/** A line asks for more than the chosen warehouse can sell (unknown stock is never short). */
export function isShort(row: ItemRow, warehouseId: string | null): boolean {
  const s = warehouseId ? sellableIn(row.item, warehouseId) : null;
  return s !== null && row.quantity > s;
}

export function shortItems(rows: ItemRow[], warehouseId: string | null): ItemRow[] {
  return rows.filter((r) => isShort(r, warehouseId));
}

/** A catalog item as a new line: one unit at its list price, no discount. `index` keeps keys unique. */
export function newItemRow(item: CatalogItem, index: number): ItemRow {
  return { key: `${item.vendorProductId}/${item.vendorVariationId}/${index}`, item, quantity: 1, unitPrice: item.priceVnd ?? 0, discount: 0 };
}

/**
 * A scanned item into the lines: one more unit on its line when the order has it (the first such line),
 * else a new line. Answers the lines and the index of the line that changed.
 */
export function addScanned(rows: ItemRow[], item: CatalogItem): { rows: ItemRow[]; index: number } {
  const index = rows.findIndex((r) => r.item.vendorProductId === item.vendorProductId && r.item.vendorVariationId === item.vendorVariationId);
  if (index < 0) return { rows: [...rows, newItemRow(item, rows.length)], index: rows.length };
  return { rows: rows.map((r, i) => (i === index ? { ...r, quantity: r.quantity + 1 } : r)), index };
}

/** The order can be sent: an account is chosen, and short lines (if any) were allowed explicitly. */
export function canSubmit(f: { accountId: string | null; shortCount: number; allowShort: boolean }): boolean {
  return !!f.accountId && (f.shortCount === 0 || f.allowShort);
}

/** The marketplaces an Onflow B2C shipment can come from. */
export const PLATFORMS = ["shopee", "lazada", "tiktok", "tiki"] as const;

/** The vendor-specific fields of the form (only the target vendor's go into the draft). */
export interface OnflowFields {
  platform: string | null;
  marketplaceRef: string;
  waybill: string;
  documents: string[];
}
export interface NhanhFields {
  carrierId: number | null;
  carrierServiceId: number | null;
}
export interface PancakeFields {
  orderSource: number | null;
}
export interface VendorFields {
  onflow: OnflowFields;
  nhanh: NhanhFields;
  pancake: PancakeFields;
}

export const EMPTY_VENDOR_FIELDS: VendorFields = {
  onflow: { platform: null, marketplaceRef: "", waybill: "", documents: [] },
  nhanh: { carrierId: null, carrierServiceId: null },
  pancake: { orderSource: null },
};

/** The draft's extras: the target vendor's fields, `null` for the others. */
export function extrasFor(vendor: Vendor | null, f: VendorFields): NonNullable<OrderDraft["extras"]> {
  return {
    onflow:
      vendor === "onflow"
        ? {
            platform: f.onflow.platform ?? "",
            marketplaceOrderRef: f.onflow.marketplaceRef || null,
            waybill: f.onflow.waybill || null,
            documentUrls: f.onflow.documents,
          }
        : null,
    nhanh: vendor === "nhanh" ? { carrierId: f.nhanh.carrierId, carrierServiceId: f.nhanh.carrierServiceId } : null,
    pancake: vendor === "pancake" ? { orderSource: f.pancake.orderSource } : null,
  };
}

/** The user's choices for address levels the vendor could not match, by level. */
export type GeoPicks = Record<string, string>;

/** The vendor's ids for the picked address: the user's choice for a level, else the resolved one. */
export function resolvedIds(match: GeoMatch | undefined, picks: GeoPicks) {
  return {
    provinceId: picks.province ?? match?.province?.id ?? null,
    districtId: picks.district ?? match?.district?.id ?? null,
    wardId: picks.ward ?? match?.ward?.id ?? null,
  };
}

/** Everything the order form holds. */
export interface OrderForm {
  accountId: string | null;
  vendor: Vendor | null;
  warehouseId: string | null;
  name: string;
  phone: string;
  street: string;
  address: AddressOption | null;
  geo: ReturnType<typeof resolvedIds>;
  items: ItemRow[];
  orderDiscount: number;
  shippingFee: number;
  /** The typed COD, or `null` to let Rust compute it. */
  cod: number | null;
  note: string;
  vendorFields: VendorFields;
}

/** The draft sent to Rust (which validates it again and answers field errors). */
export function buildDraft(f: OrderForm): OrderDraft {
  const legacy = f.address?.legacy ?? null;
  const n = f.address?.new ?? null;
  return {
    customer: { name: f.name, phone: f.phone, email: null },
    address: {
      line1: f.street,
      line2: null,
      ward: legacy?.wardName ?? n?.wardName ?? null,
      district: legacy?.districtName ?? null,
      province: legacy?.provinceName ?? n?.provinceName ?? null,
      geo: f.geo,
    },
    items: f.items.map((r) => ({
      sku: r.item.sku ?? "",
      productId: r.item.vendorProductId || null,
      variationId: r.item.vendorVariationId || null,
      quantity: r.quantity,
      unitPrice: r.unitPrice,
      discount: r.discount,
    })),
    orderDiscount: f.orderDiscount,
    shippingFee: f.shippingFee,
    cod: f.cod,
    note: f.note.trim() ? f.note : null,
    target: { accountId: f.accountId ?? "", vendor: f.vendor ?? "pancake", warehouseId: f.warehouseId ?? "" },
    extras: extrasFor(f.vendor, f.vendorFields),
  };
}

/** The import's orders that can be sent: those with a draft and no row errors. */
export function sendableImports(view: ImportView | null): ImportSend[] {
  return (view?.preview.orders ?? []).flatMap((o) => (o.draft && o.errors.length === 0 ? [{ key: o.key, rows: o.rows, draft: o.draft }] : []));
}

type RowErr = ImportView["preview"]["orders"][number]["errors"][number];

/**
 * The import's result report: one line per sent order (its outbox state, and why it is not created in the
 * user's language: `describeSend`) and per refused order (its row errors: `describe`).
 */
export function importReportRows(
  view: ImportView | null,
  queued: ImportQueued[],
  entries: Map<number, OutboxEntry>,
  describe: (e: RowErr) => string,
  describeSend: (e: OutboxEntry) => string | null,
): ReportRow[] {
  const sent: ReportRow[] = queued.map((q) => {
    const e = entries.get(q.id);
    const state =
      e?.state === "created" ? "created" : e?.state === "failed" ? "failed" : e?.state === "needsAttention" ? "needsAttention" : "pending";
    return { key: q.key, rows: q.rows, state, reference: e?.clientRef ?? null, vendorOrderId: e?.vendorOrderId ?? null, error: e ? describeSend(e) : null };
  });
  const invalid: ReportRow[] = (view?.preview.orders ?? [])
    .filter((o) => o.errors.length > 0 || !o.draft)
    .map((o) => ({ key: o.key, rows: o.rows, state: "invalid", reference: null, vendorOrderId: null, error: o.errors.map(describe).join("; ") }));
  return [...sent, ...invalid];
}
