import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { backend, type Answer } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { ProductsPage } from "./ProductsPage";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

type Item = Answer<"matchingList">["items"][number];

/** 120 unmatched listings of one Pancake account, as the backend pages them. */
const ALL: Item[] = Array.from({ length: 120 }, (_, i) => ({
  listing: { accountId: "pancake-1", vendorProductId: `p${i}`, vendorVariationId: `v${i}` },
  vendor: "pancake",
  accountLabel: "Shop Hà Nội",
  name: `Sản phẩm ${i + 1}`,
  sku: `SP${String(i + 1).padStart(3, "0")}`,
  barcode: null,
  groupKey: `g${i}`,
  groupName: `Sản phẩm ${i + 1}`,
  groupAccounts: 1,
  conflict: false,
  source: "auto",
}));

beforeEach(() =>
  backend.reset({
    workspace: () => ({
      demo: false,
      unreadableAccounts: 0,
      accounts: [
        {
          id: "pancake-1",
          vendor: "pancake",
          label: "Shop Hà Nội",
          config: { vendor: "pancake", shopId: 7, shopName: "Áo Thun Hà Nội" },
          baseUrl: null,
          masks: [],
          demo: false,
          expiryWarning: false,
          expired: false,
        },
      ],
    }),
    matchingList: (q) => {
      const found = ALL.filter((m) => m.name.includes(q.search));
      return { total: found.length, items: found.slice(q.offset, q.offset + q.limit) };
    },
  }),
);

describe("products: more listings than one page", () => {
  it("pages through every listing and starts again at page 1 on a new search", async () => {
    renderApp(
      <MemoryRouter>
        <ProductsPage />
      </MemoryRouter>,
    );
    await waitFor(() => expect(screen.getAllByTestId("matching-row")).toHaveLength(50));
    expect(screen.getByTestId("matching-range")).toHaveTextContent("1–50 / 120");
    const pages = screen.getByTestId("matching-pages");
    fireEvent.click(within(pages).getByRole("button", { name: "3" }));
    await waitFor(() => expect(screen.getAllByTestId("matching-row")).toHaveLength(20));
    expect(screen.getAllByTestId("listing-open")[0]).toHaveTextContent("Sản phẩm 101");
    expect(screen.getByTestId("matching-range")).toHaveTextContent("101–120 / 120");
    expect(backend.callsOf("matchingList").at(-1)).toEqual([{ kind: "unmatched", search: "", offset: 100, limit: 50 }]);
    // a search shows its first page
    fireEvent.change(screen.getByPlaceholderText(/SKU/), { target: { value: "Sản phẩm 1" } });
    await waitFor(() => expect(backend.callsOf("matchingList").at(-1)?.[0]).toMatchObject({ search: "Sản phẩm 1", offset: 0 }));
    // 1, 10–19 and 100–120: 32 listings, on one page
    await waitFor(() => expect(screen.getByTestId("matching-total")).toHaveTextContent("32"));
    expect(screen.getAllByTestId("matching-row")).toHaveLength(32);
    expect(screen.queryByTestId("matching-pages")).toBeNull();
  }, 15_000);

  it("shows no pages when every listing fits on one", async () => {
    backend.use({ matchingList: () => ({ total: 2, items: ALL.slice(0, 2) }) });
    renderApp(
      <MemoryRouter>
        <ProductsPage />
      </MemoryRouter>,
    );
    await waitFor(() => expect(screen.getAllByTestId("matching-row")).toHaveLength(2));
    expect(screen.queryByTestId("matching-pages")).toBeNull();
  });
});
