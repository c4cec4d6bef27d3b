// The product form's pure parts: the draft it sends, which accounts and warehouses are chosen by default, the
// field paths shown at their inputs, and how an account's result reads. The rules themselves (variants, SKU and
// barcode checks) live in Rust.
import type { ChangeRow, ProductAccount, ProductAttribute, ProductChange, ProductDraft, ProductRow, TargetRow, TargetState, VariantInput, VendorFields } from "../ipc";

/** What the form holds. Numbers are what the inputs hold (`""` while empty). */
export interface ProductForm {
  reference: string;
  name: string;
  sku: string;
  price: number | string;
  weightGrams: number | string;
  lengthCm: number | string;
  widthCm: number | string;
  heightCm: number | string;
  description: string;
  images: string[];
  attributes: ProductAttribute[];
  variants: VariantInput[];
  /** Accounts left out (every offered account is chosen by default). */
  excluded: string[];
  /** Onflow: the warehouses chosen per account (default: all of its warehouses). */
  warehouses: Record<string, string[]>;
  /** Onflow: the value picked per account and field (`productType`…); unset takes the default kept in Rust. */
  choices: Record<string, Record<string, string>>;
  /** Onflow: the characteristics picked per account. */
  characteristics: Record<string, string[]>;
  /** Pancake (any number) and Nhanh (one): the categories picked per account. */
  categories: Record<string, number[]>;
}

export function emptyForm(): ProductForm {
  return {
    reference: "",
    name: "",
    sku: "",
    price: "",
    weightGrams: "",
    lengthCm: "",
    widthCm: "",
    heightCm: "",
    description: "",
    images: [],
    attributes: [],
    variants: [],
    excluded: [],
    warehouses: {},
    choices: {},
    characteristics: {},
    categories: {},
  };
}

const num = (v: number | string): number | null => (v === "" || v === null || Number.isNaN(Number(v)) ? null : Number(v));

/** The warehouses an Onflow account maps the product to: the owner's choice, else every warehouse it has. */
export function warehousesOf(form: ProductForm, account: ProductAccount): string[] {
  return form.warehouses[account.accountId] ?? account.warehouses.map((w) => w.id);
}

/** The fields each vendor needs beyond the shared ones (blank: the vendor's defaults, kept in Rust). */
export function fieldsOf(form: ProductForm, account: ProductAccount): VendorFields {
  switch (account.vendor) {
    case "onflow":
      return {
        vendor: "onflow",
        ...(form.choices[account.accountId] ?? {}),
        characteristics: form.characteristics[account.accountId] ?? [],
        warehouseCodes: warehousesOf(form, account),
      };
    case "pancake":
      return { vendor: "pancake", categoryIds: form.categories[account.accountId] ?? [] };
    case "nhanh":
      return { vendor: "nhanh", categoryId: form.categories[account.accountId]?.[0] ?? null };
  }
}

/** The chosen accounts, in the order offered. */
export function chosenAccounts(form: ProductForm, accounts: readonly ProductAccount[]): ProductAccount[] {
  return accounts.filter((a) => !form.excluded.includes(a.accountId));
}

/** The draft the form sends (Rust checks every field; the form only shapes what was typed). */
export function buildProductDraft(form: ProductForm, accounts: readonly ProductAccount[]): ProductDraft {
  const text = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    reference: form.reference.trim(),
    name: form.name.trim(),
    sku: form.sku.trim(),
    price: num(form.price) ?? 0,
    weightGrams: num(form.weightGrams) ?? 0,
    lengthCm: num(form.lengthCm),
    widthCm: num(form.widthCm),
    heightCm: num(form.heightCm),
    description: text(form.description),
    images: form.images,
    attributes: form.attributes
      .map((a) => ({ name: a.name.trim(), values: a.values.map((v) => v.trim()).filter((v) => v !== "") }))
      .filter((a) => a.name !== "" || a.values.length > 0),
    variants: form.variants.map((v) => ({ ...v, sku: v.sku.trim(), barcode: text(v.barcode ?? "") })),
    targets: chosenAccounts(form, accounts).map((a) => ({ accountId: a.accountId, fields: fieldsOf(form, a) })),
  };
}

/** The attributes as the variant generator reads them (blank rows left out). */
export function attributesForVariants(attributes: readonly ProductAttribute[]): ProductAttribute[] {
  return attributes
    .map((a) => ({ name: a.name.trim(), values: a.values.map((v) => v.trim()).filter((v) => v !== "") }))
    .filter((a) => a.values.length > 0);
}

/** Field paths the form shows at their own input; any other path is listed above the buttons. */
const PLACED = [
  /^(reference|name|sku|price|weightGrams|lengthCm|widthCm|heightCm|description|images)$/,
  /^images\.\d+$/,
  /^attributes\.\d+\.(name|values)$/,
  /^variants\.\d+\.(sku|barcode|price|options)$/,
  /^targets\.\d+\.fields\.warehouseCodes$/,
];

export function isPlacedProductField(path: string): boolean {
  return PLACED.some((r) => r.test(path));
}

/** Whether the owner can do something about an account's result (send its refused records again). */
export function canRetry(state: TargetState): boolean {
  return state === "failed" || state === "needsAttention";
}

/** Whether an account's stored error is worth showing: a refusal, an unclear record, or a finishing step that
 * failed (Onflow's warehouse mapping, tried again every minute). */
export function showsError(t: Pick<TargetRow, "state" | "error">): boolean {
  return !!t.error && (canRetry(t.state) || t.state === "finishing");
}

/** The badge colour of an account's result. */
export function stateColor(state: TargetState): string {
  switch (state) {
    case "created":
      return "teal";
    case "failed":
      return "red";
    case "needsAttention":
      return "orange";
    default:
      return "blue";
  }
}

/** A product's results in one line: how many accounts hold it, and whether any needs the owner. */
export function summary(targets: readonly TargetRow[]): { created: number; total: number; attention: boolean } {
  return {
    created: targets.filter((t) => t.state === "created").length,
    total: targets.length,
    attention: targets.some((t) => canRetry(t.state) || t.changes.some((c) => c.state === "failed")),
  };
}

/** Whether an account's retry button shows: a refused or unclear record, or a change its vendor refused. */
export function canRetryTarget(t: Pick<TargetRow, "state" | "changes">, retired: boolean): boolean {
  return (!retired && canRetry(t.state)) || t.changes.some((c) => c.state === "failed");
}

/** The change an account shows: its retire when there is one, else its latest edit. */
export function shownChange(t: Pick<TargetRow, "changes">): ChangeRow | null {
  return t.changes.find((c) => c.kind === "retire") ?? t.changes.find((c) => c.kind === "edit") ?? null;
}

/** The badge colour of a change. */
export function changeColor(c: ChangeRow): string {
  switch (c.state) {
    case "done":
      return c.kind === "retire" ? "gray" : "teal";
    case "failed":
      return "red";
    default:
      return "blue";
  }
}

/** Whether a created product can still be edited (not retired). */
export function canEditProduct(p: Pick<ProductRow, "retired">): boolean {
  return !p.retired;
}

/** Whether a product can be retired: not yet, and some account holds it. */
export function canRetireProduct(p: Pick<ProductRow, "retired" | "targets">): boolean {
  return !p.retired && p.targets.some((t) => t.created > 0);
}

/** What the edit form holds. */
export interface EditForm {
  name: string;
  price: number | string;
  weightGrams: number | string;
  images: string[];
  /** Each variant's barcode as typed, by SKU. */
  barcodes: Record<string, string>;
}

export function editFormOf(p: Pick<ProductRow, "name" | "price" | "weightGrams" | "images" | "codes">): EditForm {
  return {
    name: p.name,
    price: p.price,
    weightGrams: p.weightGrams,
    images: p.images,
    barcodes: Object.fromEntries(p.codes.map((c) => [c.sku, c.barcode ?? ""])),
  };
}

/** The change the edit form sends: every field as typed (Rust compares it with the stored product). */
export function buildChange(form: EditForm): ProductChange {
  return {
    name: form.name.trim(),
    price: num(form.price),
    weightGrams: num(form.weightGrams),
    images: form.images,
    barcodes: Object.entries(form.barcodes).map(([sku, b]) => ({ sku, barcode: b.trim() === "" ? null : b.trim() })),
  };
}
