import { describe, expect, it } from "vitest";
import type { ProductAccount, TargetRow } from "../ipc";
import { attributesForVariants, buildChange, buildProductDraft, canRetireProduct, canRetry, canRetryTarget, editFormOf, emptyForm, isPlacedProductField, showsError, shownChange, summary } from "./productForm";

const accounts: ProductAccount[] = [
  { accountId: "onflow-1", label: "Kho", vendor: "onflow", warehouses: [{ id: "WH_HN", name: "Hà Nội" }, { id: "WH_HCM", name: "HCM" }] },
  { accountId: "pancake-1", label: "Shop", vendor: "pancake", warehouses: [] },
  { accountId: "nhanh-1", label: "Nhanh", vendor: "nhanh", warehouses: [] },
];

describe("the product form's draft", () => {
  it("sends what was typed, every account with its vendor's fields, Onflow mapped to all its warehouses by default", () => {
    const form = {
      ...emptyForm(),
      reference: "SD-SP-1",
      name: " Áo thun ",
      sku: " AT01 ",
      price: 150000,
      weightGrams: 250,
      lengthCm: 30,
      description: "  ",
      attributes: [
        { name: "Màu", values: ["Đen", " ", "Trắng"] },
        { name: " ", values: [] },
      ],
      variants: [{ options: ["Đen"], sku: " AT01-DEN ", barcode: " ", price: null }],
    };
    const d = buildProductDraft(form, accounts);
    expect(d).toMatchObject({ reference: "SD-SP-1", name: "Áo thun", sku: "AT01", price: 150000, weightGrams: 250, lengthCm: 30, widthCm: null, description: null });
    expect(d.attributes).toEqual([{ name: "Màu", values: ["Đen", "Trắng"] }]);
    expect(d.variants).toEqual([{ options: ["Đen"], sku: "AT01-DEN", barcode: null, price: null }]);
    expect(d.targets).toEqual([
      { accountId: "onflow-1", fields: { vendor: "onflow", characteristics: [], warehouseCodes: ["WH_HN", "WH_HCM"] } },
      { accountId: "pancake-1", fields: { vendor: "pancake", categoryIds: [] } },
      { accountId: "nhanh-1", fields: { vendor: "nhanh", categoryId: null } },
    ]);
  });

  it("leaves out the accounts the owner unticked and keeps the warehouses they chose", () => {
    const form = { ...emptyForm(), excluded: ["pancake-1"], warehouses: { "onflow-1": ["WH_HCM"] } };
    const d = buildProductDraft(form, accounts);
    expect(d.targets.map((t) => t.accountId)).toEqual(["onflow-1", "nhanh-1"]);
    expect(d.targets[0]?.fields).toMatchObject({ warehouseCodes: ["WH_HCM"] });
    // empty numbers are sent as 0 so Rust names the field, never as NaN
    expect(d.price).toBe(0);
    expect(d.weightGrams).toBe(0);
  });

  it("asks for variants only of attributes with values", () => {
    expect(attributesForVariants([{ name: "Màu", values: [" "] }, { name: "Size", values: ["M", ""] }])).toEqual([{ name: "Size", values: ["M"] }]);
  });

  it("places the fields it has inputs for and lists the others", () => {
    expect(isPlacedProductField("variants.3.barcode")).toBe(true);
    expect(isPlacedProductField("targets.0.fields.warehouseCodes")).toBe(true);
    expect(isPlacedProductField("images.2")).toBe(true);
    expect(isPlacedProductField("targets.1.accountId")).toBe(false);
    expect(isPlacedProductField("variants")).toBe(false);
  });
});

describe("an account's result", () => {
  const t = (state: TargetRow["state"]): TargetRow => ({ accountId: "a", vendor: "onflow", state, error: null, records: 2, created: state === "created" ? 2 : 0, listings: [], changes: [] });
  it("offers a retry only where the owner can act", () => {
    expect(["failed", "needsAttention"].every((s) => canRetry(s as TargetRow["state"]))).toBe(true);
    expect(["queued", "sending", "finishing", "created"].some((s) => canRetry(s as TargetRow["state"]))).toBe(false);
  });
  it("shows a stored error where the owner should see it, a finishing step's failure included", () => {
    const error = { code: "network" as const, message: "offline" };
    expect(showsError({ state: "failed", error })).toBe(true);
    expect(showsError({ state: "finishing", error })).toBe(true);
    expect(showsError({ state: "finishing", error: null })).toBe(false);
    expect(showsError({ state: "created", error })).toBe(false);
  });
  it("sums a product's accounts", () => {
    expect(summary([t("created"), t("failed"), t("sending")])).toEqual({ created: 1, total: 3, attention: true });
  });
  it("shows a retire over an edit, and a refused change needs the owner even on a created account", () => {
    const edit = { kind: "edit" as const, state: "failed" as const, fields: ["price" as const], error: null };
    const retire = { kind: "retire" as const, state: "done" as const, fields: [], error: null };
    const refused = { ...t("created"), changes: [edit] };
    expect(summary([refused]).attention).toBe(true);
    expect(canRetryTarget(refused, false)).toBe(true);
    expect(canRetryTarget(t("failed"), true)).toBe(false);
    expect(shownChange({ changes: [edit, retire] })).toBe(retire);
    expect(shownChange({ changes: [] })).toBeNull();
  });
});

describe("a created product's edit and retire", () => {
  const row = {
    name: "Áo thun",
    price: 150000,
    weightGrams: 250,
    images: ["https://files.example/a.jpg"],
    codes: [
      { sku: "AT-DEN", options: ["Đen"], barcode: "8930000000010" },
      { sku: "AT-TRANG", options: ["Trắng"], barcode: null },
    ],
    retired: false,
    targets: [] as TargetRow[],
  };
  it("starts from the stored values and sends every field as typed", () => {
    const form = editFormOf(row);
    const barcodes = [
      { sku: "AT-DEN", barcode: "8930000000010" },
      { sku: "AT-TRANG", barcode: null },
    ];
    expect(buildChange(form)).toEqual({ name: "Áo thun", price: 150000, weightGrams: 250, images: ["https://files.example/a.jpg"], barcodes });
    const typed = { ...form, name: "  Áo mới ", price: "", barcodes: { ...form.barcodes, "AT-TRANG": " 123 " } };
    expect(buildChange(typed)).toMatchObject({ name: "Áo mới", price: null, barcodes: [barcodes[0], { sku: "AT-TRANG", barcode: "123" }] });
  });
  it("retires only a product some account holds, once", () => {
    const held = { accountId: "a", vendor: "onflow" as const, state: "created" as const, error: null, records: 1, created: 1, listings: [], changes: [] };
    expect(canRetireProduct({ ...row, targets: [held] })).toBe(true);
    expect(canRetireProduct({ ...row, targets: [{ ...held, created: 0, state: "failed" }] })).toBe(false);
    expect(canRetireProduct({ ...row, retired: true, targets: [held] })).toBe(false);
  });
});
