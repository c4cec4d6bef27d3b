import { describe, expect, it } from "vitest";
import type { ProductImportQueued, ProductImportView, ProductRow, TargetRow } from "../ipc";
import { productImportReportRows, productState, progress, rowsByKey, sendableProducts } from "./productImport";

const draft = (sku: string) => ({
  reference: `SD-SP-${sku}`,
  name: sku,
  sku,
  price: 100000,
  weightGrams: 200,
  lengthCm: null,
  widthCm: null,
  heightCm: null,
  description: null,
  images: [],
  attributes: [],
  variants: [{ options: [], sku, barcode: null, price: null }],
  targets: [],
});

const view: ProductImportView = {
  fileName: "san-pham.xlsx",
  preview: {
    validCount: 2,
    invalidCount: 1,
    products: [
      { sku: "A", name: "A", rows: [2, 3], variants: 2, draft: draft("A"), errors: [] },
      { sku: "B", name: "B", rows: [4], variants: 1, draft: draft("B"), errors: [] },
      { sku: "C", name: "C", rows: [5], variants: 1, draft: null, errors: [{ row: 5, column: "Giá bán", code: "number.invalid", value: "mười" }] },
    ],
  },
};

const target = (state: TargetRow["state"]): TargetRow => ({
  accountId: `acc-${state}`,
  vendor: "pancake",
  state,
  error: state === "failed" ? { code: "validation", message: "refused" } : null,
  records: 1,
  created: state === "created" ? 1 : 0,
  listings: [],
  changes: [],
});

const row = (sku: string, states: TargetRow["state"][]): ProductRow => ({
  reference: `SD-SP-${sku}`,
  name: sku,
  sku,
  variants: 1,
  price: 100000,
  weightGrams: 200,
  images: [],
  codes: [],
  retired: false,
  createdAt: "2026-12-04T08:00:00Z",
  targets: states.map(target),
});

describe("the product import", () => {
  it("sends only the valid products", () => {
    expect(sendableProducts(view).map((d) => d.sku)).toEqual(["A", "B"]);
    expect(sendableProducts(null)).toEqual([]);
  });

  it("follows each stored product in the list until every account settles, and reports every product of the file", () => {
    const queued: ProductImportQueued[] = [
      { key: "A", row: row("A", ["queued"]), error: null },
      { key: "B", row: null, error: { code: "validation", message: "taken", details: { fields: { "variants.0.sku": ["sku.taken"] } } } },
    ];
    // before the list has it, the row answered when stored stands in
    const [first] = view.preview.products;
    if (!first) throw new Error("the view has products");
    let rows = rowsByKey(queued, []);
    expect(productState(first, queued, rows)).toBe("sending");
    expect(progress(queued, rows)).toEqual({ done: 1, total: 2 });
    rows = rowsByKey(queued, [row("A", ["created", "failed"])]);
    expect(productState(first, queued, rows)).toBe("partial");
    rows = rowsByKey(queued, [row("A", ["created", "created"])]);
    const states = view.preview.products.map((p) => productState(p, queued, rows));
    expect(states).toEqual(["created", "refused", "error"]);
    expect(progress(queued, rows)).toEqual({ done: 2, total: 2 });
    const report = productImportReportRows(
      view,
      queued,
      rows,
      (e) => `row ${e.row}: ${e.code}`,
      (q) => (q.error ? q.error.message : null),
    );
    expect(report.map((r) => [r.key, r.state, r.reference, r.error])).toEqual([
      ["A", "created", "SD-SP-A", null],
      ["B", "failed", null, "taken"],
      ["C", "invalid", null, "row 5: number.invalid"],
    ]);
  });
});
