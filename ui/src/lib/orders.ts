import type { CatalogItem } from "../ipc";

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

/** COD by default, as the Rust draft computes it: Σ qty × (price − discount) − order discount + shipping. */
export function codOf(items: ItemRow[], orderDiscount: number, shippingFee: number): number {
  const lines = items.reduce((n, r) => n + r.quantity * (r.unitPrice - r.discount), 0);
  return lines - orderDiscount + shippingFee;
}
