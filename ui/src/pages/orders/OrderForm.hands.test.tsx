// Fast hands in the order form: a barcode scan adds the item (again: one more), an unknown code says so,
// and a typed phone offers the customer the vendors know.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Shell } from "../../App";
import viText from "../../i18n/vi.json";
import type { AddressOption, CatalogItem, CustomerLookup } from "../../ipc";
import { backend, fail } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { accountView } from "../../test/accounts";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const account = accountView("pancake-1", "pancake", "Shop Hà Nội");

const shirt: CatalogItem = {
  vendorProductId: "p1",
  vendorVariationId: "v1",
  sku: "AT0001-DEN-M",
  barcode: "8934567890123",
  name: "Áo thun đen M",
  priceVnd: 199000,
  stock: [{ vendorWhId: "A", warehouseName: "Kho A", available: 9, onHand: 9 }],
};
// the catalog search ranks other hits too: the scan takes only the item carrying the code
const lookalike: CatalogItem = { ...shirt, vendorVariationId: "v2", sku: "AT0001-DEN-L", barcode: "8934567890999", name: "Áo thun đen L" };

const benThanh: AddressOption = {
  key: "N:26734",
  typed: "new2025",
  street: "12 Lê Lợi",
  new: { provinceCode: "79", provinceName: "Thành phố Hồ Chí Minh", wardCode: "26734", wardName: "Phường Bến Thành", isDefault: false },
  legacy: { provinceCode: "79", provinceName: "Thành phố Hồ Chí Minh", districtCode: "760", districtName: "Quận 1", wardCode: "26743", wardName: "Phường Bến Thành" },
  newChoices: [],
  legacyChoices: [],
};

beforeEach(() => {
  backend.reset({
    workspace: () => ({ demo: false, unreadableAccounts: 0, accounts: [account] }),
    orderTargets: () => [{ accountId: "pancake-1", vendor: "pancake", label: "Shop Hà Nội", warehouses: [{ id: "A", name: "Kho A" }] }],
    catalogSearch: (_id, q) => (q.startsWith("893456789") || q.toUpperCase().startsWith("AT0001") ? [lookalike, shirt] : []),
    orderOptions: () => ({ sources: [], carriers: [] }),
  });
});

function renderForm() {
  renderApp(
    <MemoryRouter initialEntries={["/orders/new"]}>
      <Shell />
    </MemoryRouter>,
  );
}

async function pickAccount() {
  const input = await screen.findByTestId("order-account");
  fireEvent.focus(input);
  fireEvent.click(input);
  fireEvent.click(await screen.findByText(`Shop Hà Nội · ${viText.vendors.pancake}`, { exact: false }));
}

/** What a scanner does: the code's keys in one burst, then Enter, to whatever has focus. */
function scan(code: string) {
  const target = document.activeElement ?? document.body;
  for (const key of code) fireEvent.keyDown(target, { key });
  fireEvent.keyDown(target, { key: "Enter" });
}

describe("order form: barcode scan", { timeout: 15000 }, () => {
  it("adds the scanned item with a confirmation, and one more unit on a second scan", async () => {
    renderForm();
    await pickAccount();
    scan("8934567890123");
    const row = await screen.findByTestId("order-item");
    expect(row).toHaveTextContent("Áo thun đen M");
    expect(row).toHaveAttribute("data-scanned", "true");
    const status = screen.getByTestId("scan-status");
    expect(status).toHaveAttribute("data-state", "added");
    expect(status).toHaveTextContent("Áo thun đen M");
    expect(backend.callsOf("catalogSearch")).toContainEqual(["pancake-1", "8934567890123"]);

    // the SKU works too; the same item again is one more unit on its line, not a second line
    scan("at0001-den-m");
    await waitFor(() => expect(within(screen.getByTestId("order-item")).getByTestId("item-quantity")).toHaveValue("2"));
    expect(screen.getAllByTestId("order-item")).toHaveLength(1);
  });

  it("says clearly when no item carries the code", async () => {
    renderForm();
    await pickAccount();
    scan("0000111122");
    const status = await screen.findByTestId("scan-status");
    expect(status).toHaveAttribute("data-state", "unknown");
    expect(status).toHaveTextContent(viText.scan.unknown.replace("{{code}}", "0000111122"));
    expect(screen.queryByTestId("order-item")).toBeNull();
  });

  it("asks for the account first, and leaves a field being typed in alone", async () => {
    renderForm();
    await screen.findByTestId("order-account");
    scan("8934567890123");
    expect(await screen.findByTestId("scan-status")).toHaveAttribute("data-state", "noAccount");
    await pickAccount();
    const name = screen.getByTestId("order-name");
    name.focus();
    scan("8934567890123");
    // the keys were the user's typing in the name field: nothing added, no new scan status
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId("order-item")).toBeNull();
    expect(screen.getByTestId("scan-status")).toHaveAttribute("data-state", "noAccount");
  });
});

describe("order form: known customer by phone", { timeout: 15000 }, () => {
  it("offers the customer the vendor knows and fills name and address from it", async () => {
    const answer: CustomerLookup = {
      phone: "0912345678",
      offers: [
        {
          accountId: "pancake-1",
          vendor: "pancake",
          customer: { vendorId: "c1", name: "Nguyễn Thị Lan", phone: "0912345678", street: "12 Lê Lợi", addressLine: "12 Lê Lợi, Phường Bến Thành, Quận 1, Hồ Chí Minh" },
          address: benThanh,
        },
      ],
      unavailable: [],
    };
    backend.reset({ ...baseHandlers(), customerLookup: () => answer });
    renderForm();
    fireEvent.change(await screen.findByTestId("order-phone"), { target: { value: "+84 912 345 678" } });
    const offer = await screen.findByTestId("customer-offer", {}, { timeout: 3000 });
    expect(offer).toHaveTextContent("Nguyễn Thị Lan");
    expect(backend.callsOf("customerLookup")).toContainEqual(["+84 912 345 678"]);
    fireEvent.click(within(offer).getByTestId("customer-use"));
    expect(screen.getByTestId("order-name")).toHaveValue("Nguyễn Thị Lan");
    expect(screen.getByTestId("order-phone")).toHaveValue("0912345678");
    expect(screen.getByTestId("address-street")).toHaveValue("12 Lê Lợi");
    expect(await screen.findByTestId("address-new")).toHaveTextContent("Phường Bến Thành");
    expect(screen.getByTestId("address-legacy")).toHaveTextContent("Quận 1");
  });

  it("stays quiet when the vendors cannot be asked: a small note, the form goes on", async () => {
    backend.reset({ ...baseHandlers(), customerLookup: () => fail("network", "offline") });
    renderForm();
    fireEvent.change(await screen.findByTestId("order-phone"), { target: { value: "0912345678" } });
    await waitFor(() => expect(screen.getByTestId("customer-lookup")).toHaveAttribute("data-state", "unavailable"), { timeout: 3000 });
    expect(screen.getByTestId("customer-lookup")).toHaveTextContent(viText.orders.customer.unavailable);
    expect(screen.queryByTestId("customer-offer")).toBeNull();
    expect(screen.getByTestId("order-name")).toBeEnabled();
  });

  it("asks nobody before the number is complete", async () => {
    renderForm();
    fireEvent.change(await screen.findByTestId("order-phone"), { target: { value: "09123" } });
    await new Promise((r) => setTimeout(r, 600));
    expect(backend.callsOf("customerLookup")).toEqual([]);
  });
});

function baseHandlers() {
  return {
    workspace: () => ({ demo: false, unreadableAccounts: 0, accounts: [account] }),
    orderTargets: () => [{ accountId: "pancake-1", vendor: "pancake" as const, label: "Shop Hà Nội", warehouses: [{ id: "A", name: "Kho A" }] }],
    orderOptions: () => ({ sources: [], carriers: [] }),
  };
}
