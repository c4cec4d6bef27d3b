import { describe, expect, it } from "vitest";
import type { CatalogItem } from "../ipc";
import { codOf, codOfEntry, sellableIn, type ItemRow } from "./orders";

const item: CatalogItem = {
  vendorProductId: "p1",
  vendorVariationId: "",
  sku: "AT0001-DEN-M",
  barcode: null,
  name: "Áo thun đen M",
  priceVnd: 199000,
  stock: [
    { vendorWhId: "A", warehouseName: "Kho A", available: 7, onHand: 10 },
    { vendorWhId: "B", warehouseName: "Kho B", available: null, onHand: 3 },
    { vendorWhId: "C", warehouseName: "Kho C", available: null, onHand: null },
  ],
};

describe("order form money and stock", () => {
  it("computes COD like the Rust draft: items after per-unit discounts, minus the order discount, plus shipping", () => {
    const rows: ItemRow[] = [
      { key: "1", item, quantity: 2, unitPrice: 199000, discount: 10000 },
      { key: "2", item, quantity: 1, unitPrice: 99000, discount: 0 },
    ];
    // the same figures as orders::draft's cod test: 2 × 189.000 + 99.000 − 20.000 + 30.000
    expect(codOf(rows, 20000, 30000)).toBe(487000);
    expect(codOf([], 0, 0)).toBe(0);
    // a stored order uses the same rule, unless its COD was typed
    const draft = {
      items: [
        { sku: "A", product_id: null, variation_id: null, quantity: 2, unit_price: 199000, discount: 10000 },
        { sku: "B", product_id: null, variation_id: null, quantity: 1, unit_price: 99000, discount: 0 },
      ],
      order_discount: 20000,
      shipping_fee: 30000,
      cod: null as number | null,
    };
    const entry = { draft } as unknown as Parameters<typeof codOfEntry>[0];
    expect(codOfEntry(entry)).toBe(487000);
    draft.cod = 0;
    expect(codOfEntry(entry)).toBe(0);
  });

  it("reads what can be sold from the chosen warehouse: available, else on hand, else unknown", () => {
    expect(sellableIn(item, "A")).toBe(7);
    expect(sellableIn(item, "B")).toBe(3);
    expect(sellableIn(item, "C")).toBeNull();
    expect(sellableIn(item, "Z")).toBeNull();
  });
});
