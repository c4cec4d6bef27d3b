import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { ProductRow, TargetRow, VariantDraft } from "../../ipc";
import type { AccountConfig_Serialize as AccountConfig } from "../../ipc/bindings";
import { backend, fail } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { ProductsPage } from "./ProductsPage";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const CONFIG: Record<"onflow" | "pancake" | "nhanh", AccountConfig> = {
  onflow: { vendor: "onflow", environment: "staging" },
  pancake: { vendor: "pancake", shopId: 7, shopName: "Shop Hà Nội" },
  nhanh: { vendor: "nhanh", appId: 1, businessId: 9, expiresAt: null, depotIds: [] },
};

const account = (id: string, vendor: "onflow" | "pancake" | "nhanh", label: string) => ({
  id,
  vendor,
  label,
  config: CONFIG[vendor],
  baseUrl: null,
  masks: [],
  demo: false,
  expiryWarning: false,
  expired: false,
});

const target = (accountId: string, vendor: TargetRow["vendor"], state: TargetRow["state"], error: TargetRow["error"] = null): TargetRow => ({
  accountId,
  vendor,
  state,
  error,
  records: 2,
  created: state === "created" ? 2 : 0,
  listings: [],
  changes: [],
});

const sent: ProductRow = {
  reference: "SD-SP-01",
  name: "Áo thun",
  sku: "AT01",
  variants: 2,
  price: 150000,
  weightGrams: 250,
  images: [],
  codes: [
    { sku: "AT01-DEN", options: ["Đen"], barcode: null },
    { sku: "AT01-TRANG", options: ["Trắng"], barcode: null },
  ],
  retired: false,
  createdAt: "2026-12-04T08:00:00Z",
  targets: [
    target("onflow-1", "onflow", "created"),
    target("pancake-1", "pancake", "failed", { code: "validation", message: "custom_id AT01 already exists" }),
    target("nhanh-1", "nhanh", "created"),
  ],
};

/** What Rust's generator answers for one attribute (kept simple: one variant per value). */
function variantsOf(sku: string, attributes: { name: string; values: string[] }[]): VariantDraft[] {
  const first = attributes[0];
  if (!first) return [{ options: [], sku, barcode: null, price: null }];
  return first.values.map((v) => ({ options: [v], sku: `${sku}-${v.toUpperCase()}`, barcode: null, price: null }));
}

beforeEach(() =>
  backend.reset({
    workspace: () => ({
      demo: false,
      unreadableAccounts: 0,
      accounts: [account("onflow-1", "onflow", "Kho Onflow"), account("pancake-1", "pancake", "Shop Hà Nội"), account("nhanh-1", "nhanh", "Nhanh")],
    }),
    matchingList: () => ({ total: 0, items: [] }),
    productList: () => [],
    productNewReference: () => "SD-SP-NEW",
    productAccounts: () => [
      { accountId: "onflow-1", label: "Kho Onflow", vendor: "onflow", warehouses: [{ id: "WH_HN", name: "Kho Hà Nội" }] },
      { accountId: "pancake-1", label: "Shop Hà Nội", vendor: "pancake", warehouses: [] },
      { accountId: "nhanh-1", label: "Nhanh", vendor: "nhanh", warehouses: [] },
    ],
    productVariants: (sku, attributes) => variantsOf(sku, attributes),
    productOptions: (accountId) =>
      accountId === "onflow-1"
        ? {
            choices: [
              { field: "outboundStrategy", values: ["FIFO", "LIFO"], default: "FIFO" },
              { field: "characteristics", values: ["HIGH_VALUE", "FRAGILE"], default: null },
            ],
            categories: [],
          }
        : { choices: [], categories: [{ id: 11, name: "Áo › Áo thun" }] },
    filesList: () => [],
    filesJobs: () => [],
  }),
);

function renderPage() {
  renderApp(
    <MemoryRouter>
      <ProductsPage />
    </MemoryRouter>,
  );
}

describe("products: create once for every account", () => {
  it("builds the variants in Rust, sends the draft to every account and shows each refusal at its input", async () => {
    backend.use({
      productSubmit: () =>
        fail("validation", "invalid", {
          fields: { "variants.1.barcode": ["barcode.checkDigit"], "targets.0.fields.warehouseCodes": ["warehouses.required"], "targets.2.accountId": ["account.cannotCreate"] },
        }),
    });
    renderPage();
    fireEvent.click(await screen.findByTestId("product-new"));
    const form = await screen.findByTestId("product-form");
    await waitFor(() => expect(within(form).getByTestId("product-reference")).toHaveValue("SD-SP-NEW"));
    fireEvent.change(within(form).getByTestId("product-name"), { target: { value: "Áo thun" } });
    fireEvent.change(within(form).getByTestId("product-sku"), { target: { value: "AT01" } });
    fireEvent.change(within(form).getByTestId("product-price"), { target: { value: "150000" } });
    fireEvent.change(within(form).getByTestId("product-weight"), { target: { value: "250" } });
    fireEvent.click(within(form).getByTestId("product-add-attribute"));
    fireEvent.change(within(form).getByTestId("product-attr-name"), { target: { value: "Màu" } });
    const values = within(form).getByTestId("product-attr-values");
    for (const v of ["Den", "Trang"]) {
      fireEvent.change(values, { target: { value: v } });
      fireEvent.keyDown(values, { key: "Enter" });
    }
    // the variants come from the generator once the attributes settle
    await waitFor(() => expect(within(form).getAllByTestId("product-variant")).toHaveLength(2), { timeout: 3000 });
    const skus = within(form).getAllByTestId("product-variant-sku").map((i) => (i as HTMLInputElement).value);
    expect(skus).toEqual(["AT01-DEN", "AT01-TRANG"]);
    expect(backend.callsOf("productVariants").at(-1)).toEqual(["AT01", [{ name: "Màu", values: ["Den", "Trang"] }], expect.any(Array)]);
    // the owner's barcode for the second variant is sent as typed
    fireEvent.change(within(form).getAllByTestId("product-variant-barcode")[1] as HTMLElement, { target: { value: "4006381333932" } });
    expect(within(form).getAllByTestId("product-target")).toHaveLength(3);

    fireEvent.click(within(form).getByTestId("product-submit"));
    await waitFor(() => expect(backend.callsOf("productSubmit")).toHaveLength(1));
    const [draft] = backend.callsOf("productSubmit")[0] ?? [];
    expect(draft).toMatchObject({ reference: "SD-SP-NEW", name: "Áo thun", sku: "AT01", price: 150000, weightGrams: 250 });
    expect(draft?.variants.map((v) => [v.sku, v.barcode])).toEqual([
      ["AT01-DEN", null],
      ["AT01-TRANG", "4006381333932"],
    ]);
    expect(draft?.targets).toEqual([
      { accountId: "onflow-1", fields: { vendor: "onflow", characteristics: [], warehouseCodes: ["WH_HN"] } },
      { accountId: "pancake-1", fields: { vendor: "pancake", categoryIds: [] } },
      { accountId: "nhanh-1", fields: { vendor: "nhanh", categoryId: null } },
    ]);
    // each refusal at its input, the one without an input listed
    expect(await within(form).findByText(viText.productForm.validation.barcode.checkDigit)).toBeInTheDocument();
    expect(within(form).getAllByTestId("product-variant-barcode")[1]).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByText(viText.productForm.validation.warehouses.required)).toBeInTheDocument();
    expect(within(form).getByTestId("product-invalid-field")).toHaveAttribute("data-field", "targets.2.accountId");
  }, 15_000);

  it("offers each vendor's own fields from what it answers and sends the picks", async () => {
    backend.use({ productSubmit: (d) => ({ ...sent, reference: d.reference, targets: [] }) });
    renderPage();
    fireEvent.click(await screen.findByTestId("product-new"));
    const form = await screen.findByTestId("product-form");
    await waitFor(() => expect(within(form).getByTestId("product-reference")).toHaveValue("SD-SP-NEW"));
    // the default a blank field takes is shown, then the owner picks another value
    const strategy = await within(form).findByTestId("product-onflow-outboundStrategy");
    expect(strategy).toHaveValue("FIFO");
    const pick = async (input: HTMLElement, text: string) => {
      fireEvent.focus(input);
      fireEvent.click(input);
      const inRow = input.closest('[data-testid="product-target"]') as HTMLElement;
      fireEvent.click(await within(inRow).findByText(text, {}, { timeout: 2000 }));
    };
    await pick(strategy, "LIFO");
    const [pancake, nhanh] = await within(form).findAllByTestId("product-categories");
    await pick(pancake as HTMLElement, "Áo › Áo thun");
    await pick(nhanh as HTMLElement, "Áo › Áo thun");
    await waitFor(() => expect(within(form).getAllByTestId("product-variant")).toHaveLength(1));
    fireEvent.click(within(form).getByTestId("product-submit"));
    await waitFor(() => expect(backend.callsOf("productSubmit")).toHaveLength(1));
    const [draft] = backend.callsOf("productSubmit")[0] ?? [];
    expect(draft?.targets.map((t) => t.fields)).toEqual([
      { vendor: "onflow", outboundStrategy: "LIFO", characteristics: [], warehouseCodes: ["WH_HN"] },
      { vendor: "pancake", categoryIds: [11] },
      { vendor: "nhanh", categoryId: 11 },
    ]);
  });

  it("sends only to the accounts left ticked", async () => {
    backend.use({ productSubmit: (d) => ({ ...sent, reference: d.reference, targets: [] }) });
    renderPage();
    fireEvent.click(await screen.findByTestId("product-new"));
    const form = await screen.findByTestId("product-form");
    await waitFor(() => expect(within(form).getByTestId("product-reference")).toHaveValue("SD-SP-NEW"));
    await waitFor(() => expect(within(form).getAllByTestId("product-variant")).toHaveLength(1));
    const pancake = within(form)
      .getAllByTestId("product-target")
      .find((r) => r.getAttribute("data-vendor") === "pancake");
    fireEvent.click(within(pancake as HTMLElement).getByTestId("product-target-check"));
    fireEvent.click(within(form).getByTestId("product-submit"));
    await waitFor(() => expect(backend.callsOf("productSubmit")).toHaveLength(1));
    const [draft] = backend.callsOf("productSubmit")[0] ?? [];
    expect(draft?.targets.map((t) => t.accountId)).toEqual(["onflow-1", "nhanh-1"]);
    await waitFor(() => expect(screen.queryByTestId("product-form")).toBeNull());
  });

  it("shows each account's result and retries only the refused account", async () => {
    backend.use({ productList: () => [sent], productRetry: () => sent });
    renderPage();
    const row = await screen.findByTestId("created-product");
    const targets = within(row).getAllByTestId("created-target");
    expect(targets.map((x) => [x.getAttribute("data-vendor"), x.getAttribute("data-state")])).toEqual([
      ["onflow", "created"],
      ["pancake", "failed"],
      ["nhanh", "created"],
    ]);
    expect(row).toHaveTextContent("Đã tạo ở 2/3 tài khoản");
    const pancake = targets[1] as HTMLElement;
    expect(within(pancake).getByTestId("created-target-error")).toHaveTextContent("custom_id AT01 already exists");
    expect(within(row).getAllByTestId("created-target-retry")).toHaveLength(1);
    fireEvent.click(within(pancake).getByTestId("created-target-retry"));
    await waitFor(() => expect(backend.callsOf("productRetry")).toEqual([["SD-SP-01", "pancake-1"]]));
  });

  it("previews an edit in Rust as it is typed, names what a vendor cannot change, then sends it", async () => {
    const created = { ...sent, targets: sent.targets.map((x) => ({ ...x, state: "created" as const, created: 2 })) };
    backend.use({
      productList: () => [created],
      productEditPreview: (reference, change) => ({
        reference,
        diffs: change.price === 150000 ? [] : [{ field: "price" as const, before: [150000], after: change.price ?? 0 }],
        targets: [
          { accountId: "onflow-1", vendor: "onflow" as const, records: 2, sends: [], cannot: ["price" as const], notCreated: false },
          { accountId: "pancake-1", vendor: "pancake" as const, records: 1, sends: ["price" as const], cannot: [], notCreated: false },
        ],
      }),
      productEdit: () => created,
    });
    renderPage();
    const row = await screen.findByTestId("created-product");
    fireEvent.click(within(row).getByTestId("created-product-edit"));
    const modal = await screen.findByTestId("product-edit");
    // nothing changed yet: nothing to send
    expect(await within(modal).findByText(viText.productForm.edit.nothing)).toBeInTheDocument();
    expect(within(modal).getByTestId("edit-submit")).toBeDisabled();
    fireEvent.change(within(modal).getByTestId("edit-price"), { target: { value: "170000" } });
    await waitFor(() => expect(within(modal).getByTestId("edit-preview")).toHaveAttribute("data-diffs", "1"), { timeout: 3000 });
    expect(within(modal).getByTestId("edit-diff")).toHaveTextContent("150.000");
    expect(within(modal).getByTestId("edit-cannot")).toHaveTextContent("Onflow");
    expect(backend.callsOf("productEdit")).toHaveLength(0);
    fireEvent.click(within(modal).getByTestId("edit-submit"));
    await waitFor(() => expect(backend.callsOf("productEdit")).toHaveLength(1));
    expect(backend.callsOf("productEdit")[0]).toEqual([
      "SD-SP-01",
      {
        name: "Áo thun",
        price: 170000,
        weightGrams: 250,
        images: [],
        barcodes: [
          { sku: "AT01-DEN", barcode: null },
          { sku: "AT01-TRANG", barcode: null },
        ],
      },
    ]);
  });

  it("retires only after a confirmation and shows each account's change", async () => {
    const created = { ...sent, targets: sent.targets.map((x) => ({ ...x, state: "created" as const, created: 2 })) };
    const retired = {
      ...created,
      retired: true,
      targets: created.targets.map((x) => ({ ...x, changes: [{ kind: "retire" as const, state: "done" as const, fields: [], error: null }] })),
    };
    let list = [created];
    backend.use({ productList: () => list, productRetire: () => ((list = [retired]), retired) });
    renderPage();
    const row = await screen.findByTestId("created-product");
    fireEvent.click(within(row).getByTestId("created-product-retire"));
    const confirm = await screen.findByTestId("confirm-retire");
    expect(backend.callsOf("productRetire")).toHaveLength(0);
    fireEvent.click(confirm);
    await waitFor(() => expect(backend.callsOf("productRetire")).toEqual([["SD-SP-01"]]));
    await waitFor(() => expect(screen.getByTestId("created-product")).toHaveAttribute("data-retired", "true"));
    const changes = within(screen.getByTestId("created-product")).getAllByTestId("created-target-change");
    expect(changes.map((c) => c.getAttribute("data-state"))).toEqual(["done", "done", "done"]);
    expect(within(screen.getByTestId("created-product")).queryByTestId("created-product-edit")).toBeNull();
  });

  it("creates products from a file: the chosen accounts, each row's errors in Vietnamese, only the valid ones sent", async () => {
    const ok = {
      ...sent,
      reference: "SD-SP-X1",
      sku: "X1",
      targets: [target("pancake-1", "pancake", "created"), target("nhanh-1", "nhanh", "created")],
    };
    const draftOf = (sku: string) => ({
      reference: `SD-SP-${sku}`,
      name: "Áo",
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
    let list: ProductRow[] = [];
    backend.use({
      productList: () => list,
      productImportPreview: () => ({
        fileName: "san-pham.xlsx",
        preview: {
          validCount: 1,
          invalidCount: 1,
          products: [
            { sku: "X1", name: "Áo", rows: [2], variants: 1, draft: draftOf("X1"), errors: [] },
            { sku: "X2", name: "Quần", rows: [3], variants: 1, draft: null, errors: [{ row: 3, column: "Giá bán", code: "number.invalid", value: "mười" }] },
          ],
        },
      }),
      productImportSend: () => ((list = [ok]), [{ key: "X1", row: ok, error: null }]),
    });
    renderPage();
    fireEvent.click(await screen.findByTestId("product-import-open"));
    const modal = await screen.findByTestId("product-import");
    await waitFor(() => expect(within(modal).getAllByTestId("product-import-account")).toHaveLength(3));
    // Onflow left out: the preview is asked for the two others
    fireEvent.click(within(modal).getAllByRole("checkbox")[0] as HTMLElement);
    fireEvent.click(within(modal).getByTestId("product-import-pick"));
    await within(modal).findByTestId("product-import-preview");
    expect(backend.callsOf("productImportPreview")[0]?.[0]?.map((x: { accountId: string }) => x.accountId)).toEqual(["pancake-1", "nhanh-1"]);
    const error = within(modal).getByTestId("product-import-row-error");
    expect(error).toHaveTextContent(viText.productForm.import.codes.number.invalid);
    expect(error).toHaveAttribute("data-row", "3");
    fireEvent.click(within(modal).getByTestId("product-import-send"));
    await waitFor(() => expect(backend.callsOf("productImportSend")).toHaveLength(1));
    expect(backend.callsOf("productImportSend")[0]?.[0]?.map((d: { sku: string }) => d.sku)).toEqual(["X1"]);
    await waitFor(() => {
      const states = within(modal)
        .getAllByTestId("product-import-product")
        .map((r) => r.getAttribute("data-state"));
      expect(states).toEqual(["created", "error"]);
    });
    expect(within(modal).getByTestId("product-import-progress")).toHaveAttribute("data-done", "1");
  });
});
