import { describe, expect, it } from "vitest";
import type { AddressOption, CatalogItem, GeoMatch, ImportView } from "../ipc";
import totalsCases from "../../../src-tauri/crates/core/src/order/totals_cases.json";
import {
  buildDraft,
  canSubmit,
  codAmount,
  codOf,
  EMPTY_VENDOR_FIELDS,
  extrasFor,
  isShort,
  itemsTotal,
  lineTotal,
  newItemRow,
  orderTotals,
  resolvedIds,
  sellableIn,
  sendableImports,
  shortItems,
  type ItemRow,
  type VendorFields,
} from "./orders";

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
  it("computes the totals and COD like the Rust draft, on the cases the Rust test runs", () => {
    expect(totalsCases.cases.length).toBeGreaterThanOrEqual(5);
    for (const c of totalsCases.cases) {
      expect(itemsTotal(c.items), c.name).toBe(c.itemsTotal);
      expect(codOf(c.items, c.orderDiscount, c.shippingFee), c.name).toBe(c.total);
      expect(codAmount(c.items, c.orderDiscount, c.shippingFee, c.cod), c.name).toBe(c.codAmount);
      expect(orderTotals(c.items, c.orderDiscount, c.shippingFee), c.name).toEqual({ lines: c.itemsTotal, cod: c.total });
    }
  });

  it("reads what can be sold from the chosen warehouse: available, else on hand, else unknown", () => {
    expect(sellableIn(item, "A")).toBe(7);
    expect(sellableIn(item, "B")).toBe(3);
    expect(sellableIn(item, "C")).toBeNull();
    expect(sellableIn(item, "Z")).toBeNull();
  });
});

describe("order form rules", () => {
  const row = (quantity: number, unitPrice = 100000, discount = 0): ItemRow => ({ key: String(quantity), item, quantity, unitPrice, discount });

  it("totals the lines and the default COD", () => {
    expect(lineTotal({ quantity: 3, unitPrice: 50000, discount: 5000 })).toBe(135000);
    expect(orderTotals([row(2, 199000, 10000), row(1, 99000)], 20000, 30000)).toEqual({ lines: 477000, cod: 487000 });
    expect(orderTotals([], 0, 15000)).toEqual({ lines: 0, cod: 15000 });
  });

  it("finds lines asking for more than the warehouse can sell, never when the stock is unknown", () => {
    expect(isShort(row(8), "A")).toBe(true);
    expect(isShort(row(7), "A")).toBe(false);
    expect(isShort(row(99), "C")).toBe(false);
    expect(isShort(row(99), null)).toBe(false);
    expect(shortItems([row(1), row(8), row(4)], "B").map((r) => r.quantity)).toEqual([8, 4]);
  });

  it("sends only with an account, and short lines only once allowed", () => {
    expect(canSubmit({ accountId: null, shortCount: 0, allowShort: false })).toBe(false);
    expect(canSubmit({ accountId: "a", shortCount: 0, allowShort: false })).toBe(true);
    expect(canSubmit({ accountId: "a", shortCount: 2, allowShort: false })).toBe(false);
    expect(canSubmit({ accountId: "a", shortCount: 2, allowShort: true })).toBe(true);
  });

  it("adds a catalog item as one unit at its list price", () => {
    expect(newItemRow(item, 3)).toEqual({ key: "p1//3", item, quantity: 1, unitPrice: 199000, discount: 0 });
    expect(newItemRow({ ...item, priceVnd: null }, 0).unitPrice).toBe(0);
  });

  it("puts only the target vendor's extras in the draft", () => {
    const fields: VendorFields = {
      onflow: { platform: "shopee", marketplaceRef: "", waybill: "SPX1", documents: ["https://f/1.pdf"] },
      nhanh: { carrierId: 5, carrierServiceId: null },
      pancake: { orderSource: 3 },
    };
    expect(extrasFor("onflow", fields)).toEqual({
      onflow: { platform: "shopee", marketplaceOrderRef: null, waybill: "SPX1", documentUrls: ["https://f/1.pdf"] },
      nhanh: null,
      pancake: null,
    });
    expect(extrasFor("nhanh", fields)).toEqual({ onflow: null, nhanh: { carrierId: 5, carrierServiceId: null }, pancake: null });
    expect(extrasFor("pancake", fields)).toEqual({ onflow: null, nhanh: null, pancake: { orderSource: 3 } });
    expect(extrasFor(null, EMPTY_VENDOR_FIELDS)).toEqual({ onflow: null, nhanh: null, pancake: null });
    expect(extrasFor("onflow", EMPTY_VENDOR_FIELDS).onflow?.platform).toBe("");
  });

  it("takes the user's pick for an unmatched geo level over the resolved id", () => {
    const match = { province: { id: "79", name: "HCM" }, district: null, ward: { id: "w1", name: "P1" } } as unknown as GeoMatch;
    expect(resolvedIds(match, {})).toEqual({ provinceId: "79", districtId: null, wardId: "w1" });
    expect(resolvedIds(match, { district: "d9", ward: "w2" })).toEqual({ provinceId: "79", districtId: "d9", wardId: "w2" });
    expect(resolvedIds(undefined, {})).toEqual({ provinceId: null, districtId: null, wardId: null });
  });

  it("builds the draft: legacy names first, an empty note left out, a computed COD as null", () => {
    const address = {
      key: "L:1",
      typed: "legacy",
      street: null,
      new: { provinceCode: "79", provinceName: "TP HCM", wardCode: "2", wardName: "Phường Sài Gòn", isDefault: true },
      legacy: { provinceCode: "79", provinceName: "TP HCM", districtCode: "760", districtName: "Quận 1", wardCode: "1", wardName: "Phường Bến Nghé" },
      newChoices: [],
      legacyChoices: [],
    } as AddressOption;
    const draft = buildDraft({
      accountId: "pancake-1",
      vendor: "pancake",
      warehouseId: "A",
      name: "Lan",
      phone: "0912345678",
      street: "12 Lê Lợi",
      address,
      geo: { provinceId: "1", districtId: "2", wardId: "3" },
      items: [row(2, 199000, 10000)],
      orderDiscount: 0,
      shippingFee: 30000,
      cod: null,
      note: "  ",
      vendorFields: { ...EMPTY_VENDOR_FIELDS, pancake: { orderSource: 7 } },
    });
    expect(draft.address).toEqual({
      line1: "12 Lê Lợi",
      line2: null,
      ward: "Phường Bến Nghé",
      district: "Quận 1",
      province: "TP HCM",
      geo: { provinceId: "1", districtId: "2", wardId: "3" },
    });
    expect(draft.items).toEqual([{ sku: "AT0001-DEN-M", productId: "p1", variationId: null, quantity: 2, unitPrice: 199000, discount: 10000 }]);
    expect(draft.cod).toBeNull();
    expect(draft.note).toBeNull();
    expect(draft.target).toEqual({ accountId: "pancake-1", vendor: "pancake", warehouseId: "A" });
    expect(draft.extras?.pancake).toEqual({ orderSource: 7 });
  });

  it("sends from an import only the orders with a draft and no row errors", () => {
    const draft = {} as NonNullable<ImportView["preview"]["orders"][number]["draft"]>;
    const view = {
      fileName: "don.xlsx",
      preview: {
        validCount: 1,
        invalidCount: 2,
        orders: [
          { key: "A", rows: [2, 3], draft, errors: [] },
          { key: "B", rows: [4], draft, errors: [{ row: 4, column: "sku", code: "unknownSku" }] },
          { key: "C", rows: [5], draft: null, errors: [] },
        ],
      },
    } as unknown as ImportView;
    expect(sendableImports(view)).toEqual([{ key: "A", rows: [2, 3], draft }]);
    expect(sendableImports(null)).toEqual([]);
  });
});
