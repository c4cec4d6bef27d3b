import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Shell } from "../../App";
import viText from "../../i18n/vi.json";
import type { CatalogItem } from "../../ipc";
import { formatVnd } from "../../lib/format";
import { backend, fail } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { accountView } from "../../test/accounts";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const account = accountView;

const shirt = (available: number): CatalogItem => ({
  vendorProductId: "p1",
  vendorVariationId: "v1",
  sku: "AT0001-DEN-M",
  barcode: null,
  name: "Áo thun đen M",
  priceVnd: 199000,
  stock: [{ vendorWhId: "A", warehouseName: "Kho A", available, onHand: available }],
});

let available = 1;

beforeEach(() => {
  available = 1;
  backend.reset({
    workspace: () => ({ demo: false, unreadableAccounts: 0, accounts: [account("pancake-1", "pancake", "Shop Hà Nội"), account("onflow-1", "onflow", "Kho Onflow")] }),
    orderTargets: () => [
      { accountId: "pancake-1", vendor: "pancake", label: "Shop Hà Nội", warehouses: [{ id: "A", name: "Kho A" }] },
      { accountId: "onflow-1", vendor: "onflow", label: "Kho Onflow", warehouses: [{ id: "W1", name: "Kho Onflow 1" }] },
    ],
    catalogSearch: () => [shirt(available)],
    orderOptions: () => ({ sources: [{ id: 3, name: "Facebook" }], carriers: [] }),
    orderSubmit: () => fail("validation", "customer.phone: required", { fields: { "customer.phone": ["required"] } }),
  });
});

function renderForm() {
  renderApp(
    <MemoryRouter initialEntries={["/orders/new"]}>
      <Shell />
    </MemoryRouter>,
  );
}

async function pickInSelect(testId: string, optionText: string, typed?: string) {
  const input = await screen.findByTestId(testId);
  fireEvent.focus(input);
  fireEvent.click(input);
  if (typed !== undefined) fireEvent.change(input, { target: { value: typed } });
  const option = await screen.findByText(optionText, { exact: false }, { timeout: 2000 });
  fireEvent.click(option);
}

async function addShirt() {
  await pickInSelect("order-account", `Shop Hà Nội · ${viText.vendors.pancake}`);
  await pickInSelect("item-search", "AT0001-DEN-M · Áo thun đen M", "AT0");
  return screen.findByTestId("order-item");
}

describe("order form", () => {
  it("adds an item from the account's catalog with its stock, and totals the order", async () => {
    renderForm();
    const row = await addShirt();
    expect(within(row).getByTestId("item-stock")).toHaveTextContent("1");
    expect(screen.getByTestId("order-total").textContent).toBe(formatVnd(199000));
    // the search ran in the chosen account (the list is cleared again once an item is picked)
    expect(backend.callsOf("catalogSearch").map(([id]) => id)).toContain("pancake-1");
    expect(backend.callsOf("catalogSearch").every(([id]) => id === "pancake-1")).toBe(true);
    // the Pancake extras ask for the order source
    expect(screen.getByTestId("order-extras-pancake")).toBeInTheDocument();
    expect(screen.queryByTestId("order-extras-onflow")).toBeNull();
  });

  it("warns about a short line and sends only once the user allows it", async () => {
    renderForm();
    const row = await addShirt();
    fireEvent.change(within(row).getByTestId("item-quantity"), { target: { value: "3" } });
    expect(await screen.findByTestId("short-warning")).toHaveTextContent(viText.orders.form.shortWarning.replace("{{count}}", "1"));
    expect(screen.getByTestId("order-total").textContent).toBe(formatVnd(3 * 199000));
    expect(screen.getByTestId("order-submit")).toBeDisabled();
    fireEvent.click(screen.getByLabelText(viText.orders.form.allowShort));
    await waitFor(() => expect(screen.getByTestId("order-submit")).toBeEnabled());
  });

  it("sends the draft to Rust and shows its field errors inline", async () => {
    renderForm();
    await addShirt();
    fireEvent.change(screen.getByTestId("order-name"), { target: { value: "Nguyễn Thị Lan" } });
    fireEvent.click(screen.getByTestId("order-submit"));
    expect(await screen.findByTestId("order-invalid")).toHaveTextContent(viText.orders.form.fixErrors);
    expect(screen.getByText(viText.validation.required)).toBeInTheDocument();
    const [draft] = backend.callsOf("orderSubmit")[0] ?? [];
    expect(draft?.customer.name).toBe("Nguyễn Thị Lan");
    expect(draft?.target).toEqual({ accountId: "pancake-1", vendor: "pancake", warehouseId: "A" });
    expect(draft?.items).toEqual([{ sku: "AT0001-DEN-M", productId: "p1", variationId: "v1", quantity: 1, unitPrice: 199000, discount: 0 }]);
    expect(draft?.cod).toBeNull();
    expect(draft?.extras).toEqual({ onflow: null, nhanh: null, pancake: { orderSource: null } });
  });

  it("refreshes the catalog search when the stock changes, not when orders do", async () => {
    renderForm();
    await addShirt();
    const input = screen.getByTestId("item-search");
    fireEvent.focus(input);
    fireEvent.click(input);
    fireEvent.change(input, { target: { value: "AT00" } });
    await waitFor(() => expect(backend.callsOf("catalogSearch").at(-1)).toEqual(["pancake-1", "AT00"]));
    const before = backend.callsOf("catalogSearch").length;
    await backend.emit("dataChanged", { kind: "orders" });
    await new Promise((r) => setTimeout(r, 50));
    expect(backend.callsOf("catalogSearch")).toHaveLength(before);
    available = 9;
    await backend.emit("dataChanged", { kind: "stock" });
    await waitFor(() => expect(backend.callsOf("catalogSearch").length).toBeGreaterThan(before));
    expect(await screen.findByText(/Kho A: 9/)).toBeInTheDocument();
  });

  it("shows the Onflow fields for an Onflow account", async () => {
    renderForm();
    await pickInSelect("order-account", `Kho Onflow · ${viText.vendors.onflow}`);
    expect(await screen.findByTestId("order-extras-onflow")).toBeInTheDocument();
    expect(screen.getByTestId("order-platform")).toBeInTheDocument();
    expect(screen.getByTestId("order-documents")).toBeInTheDocument();
    expect(screen.queryByTestId("order-extras-pancake")).toBeNull();
  });
});
