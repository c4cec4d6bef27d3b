// A barcode scan on the Stock page finds the row: the grid is filtered to the code and the row highlighted.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { type Answer, backend } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { StockPage } from "./StockPage";
import { accountView } from "../../test/accounts";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const account = accountView("pancake-1", "pancake", "Shop Hà Nội");

const row = (name: string, sku: string, barcode: string): Answer<"stockGrid">["rows"][number] => ({
  groupKey: sku,
  name,
  sku,
  barcode,
  cells: [],
  totalOnHand: 3,
  totalAvailable: 3,
  flags: { mismatch: false, low: false, conflict: false },
  vendors: ["pancake"],
  listings: 1,
});
const ROWS = [row("Áo thun trắng", "AT01", "8930000000017"), row("Áo thun trắng dài", "AT011", "8930000000024"), row("Quần jean", "QJ02", "8930000000031")];

beforeEach(() => {
  backend.reset({
    workspace: () => ({ demo: false, unreadableAccounts: 0, accounts: [account] }),
    // the grid's search: word prefixes of SKU or barcode (as the Rust grid does)
    stockGrid: (q) => {
      const s = (q.search ?? "").toUpperCase();
      const rows = ROWS.filter((r) => !s || r.sku?.startsWith(s) || r.barcode?.startsWith(s));
      return { totalRows: rows.length, rows, columns: [] };
    },
  });
});

function scan(code: string, target: Element = document.body) {
  for (const key of code) fireEvent.keyDown(target, { key });
  fireEvent.keyDown(target, { key: "Enter" });
}

describe("stock page: barcode scan", () => {
  // (the row highlight itself is not asserted here: the virtualized grid renders no rows in jsdom)
  it("filters the grid to the scanned code, also when scanned into the search box over other text", async () => {
    renderApp(
      <MemoryRouter>
        <StockPage />
      </MemoryRouter>,
    );
    await waitFor(() => expect(screen.getByTestId("stock-grid")).toHaveAttribute("data-total-rows", "3"));
    scan("AT01");
    await waitFor(() => expect(backend.callsOf("stockGrid").at(-1)?.[0].search).toBe("AT01"));
    expect(screen.getByTestId("stock-search")).toHaveValue("AT01");
    await waitFor(() => expect(screen.getByTestId("stock-grid")).toHaveAttribute("data-total-rows", "2"));

    // a scan into the search box replaces what was there; the barcode finds its row too
    const search = screen.getByTestId("stock-search");
    fireEvent.change(search, { target: { value: "quần" } });
    scan("8930000000031", search);
    await waitFor(() => expect(screen.getByTestId("stock-search")).toHaveValue("8930000000031"));
    await waitFor(() => expect(screen.getByTestId("stock-grid")).toHaveAttribute("data-total-rows", "1"));
    // slow typing is not a scan: the search keeps what was typed
    fireEvent.change(search, { target: { value: "QJ" } });
    for (const key of "QJ02") fireEvent.keyDown(search, { key });
    await new Promise((r) => setTimeout(r, 80));
    fireEvent.keyDown(search, { key: "Enter" });
    expect(screen.getByTestId("stock-search")).toHaveValue("QJ");
  });
});
