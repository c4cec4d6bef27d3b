import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import { type Answer, backend } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { StockDetail } from "./StockDetail";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

// (the grid's click that opens it is in the E2E spec: the virtualized grid renders no rows in jsdom)
const row = { groupKey: "sku:at01", name: "Áo thun trắng" };

const detail: NonNullable<Answer<"stockDetail">> = {
  groupKey: "sku:at01",
  name: "Áo thun trắng",
  sku: "AT01",
  barcode: "893001",
  physical: 35,
  listings: [
    {
      accountId: "pancake-1",
      accountLabel: "Shop Hà Nội",
      vendor: "pancake",
      vendorProductId: "p1",
      vendorVariationId: "v1",
      sku: "AT01",
      barcode: "893001",
      name: "Áo thun trắng size M",
      priceVnd: 150000,
      imageUrls: ["https://img.example/a.jpg", "https://img.example/broken.jpg"],
      updatedAt: "2026-12-01T03:00:00Z",
      cells: [{ warehouse: "Kho Hà Nội", onHand: 40, available: 35, incoming: 12, returning: 2 }],
    },
    {
      accountId: "onflow-1",
      accountLabel: "Kho Onflow",
      vendor: "onflow",
      vendorProductId: "AT01",
      vendorVariationId: "",
      sku: "AT01",
      barcode: null,
      name: "Áo thun trắng",
      priceVnd: null,
      imageUrls: [],
      updatedAt: null,
      cells: [{ warehouse: "Kho Bắc Ninh", onHand: 35, available: 35, incoming: null, returning: null }],
    },
  ],
  history: [
    { at: "2026-12-01T05:00:00Z", physicalBefore: 40, physicalAfter: 35, pancakeBefore: 40, pancakeAfter: 40, nhanhBefore: 0, nhanhAfter: 0 },
  ],
};

beforeEach(() => backend.reset({ stockDetail: () => detail }));

const onLimits = vi.fn();
const open = async () => {
  renderApp(<StockDetail row={row} onClose={() => undefined} onLimits={onLimits} />);
  return screen.findByTestId("stock-detail-body");
};

describe("stock grid: a row opened", () => {
  it("shows each vendor's listing with every figure it reported, and the stock history", async () => {
    const body = await open();
    expect(backend.callsOf("stockDetail")).toEqual([["sku:at01"]]);
    expect(body).toHaveAttribute("data-physical", "35");
    const listings = within(body).getAllByTestId("detail-listing");
    expect(listings.map((l) => l.getAttribute("data-vendor"))).toEqual(["pancake", "onflow"]);
    const [pancake] = listings;
    if (!pancake) throw new Error("no Pancake listing");
    expect(pancake).toHaveTextContent("Shop Hà Nội");
    expect(pancake).toHaveTextContent("150.000");
    // Pancake's incoming and returning goods, which the grid has no column for
    const cells = within(pancake).getByTestId("detail-cells");
    expect(cells).toHaveTextContent(viText.stockDetail.incoming);
    expect(within(cells).getByText("12")).toBeInTheDocument();
    // an image that cannot load takes no room
    const images = within(pancake).getAllByRole("img");
    expect(images).toHaveLength(2);
    const [, broken] = images;
    if (!broken) throw new Error("no second image");
    fireEvent.error(broken);
    await waitFor(() => expect(within(pancake).getAllByRole("img")).toHaveLength(1));
    // the move of the physical figure; no Nhanh column for a product Nhanh does not sell
    const history = within(body).getByTestId("detail-history");
    expect(within(history).getByTestId("detail-history-physical")).toHaveTextContent("40 → 35");
    expect(history).not.toHaveTextContent(viText.vendors.nhanh);
  });

  it("offers the product's limits from its detail", async () => {
    const body = await open();
    fireEvent.click(within(body).getByRole("button", { name: viText.lowStock.editLimits }));
    expect(onLimits).toHaveBeenCalledWith(row);
  });

  it("says so when a sync regrouped the product meanwhile", async () => {
    backend.use({ stockDetail: () => null });
    renderApp(<StockDetail row={row} onClose={() => undefined} onLimits={onLimits} />);
    expect(await screen.findByTestId("stock-detail-gone")).toHaveTextContent(viText.stockDetail.gone);
  });

  it("says when no stock change is recorded yet", async () => {
    backend.use({ stockDetail: () => ({ ...detail, history: [] }) });
    const body = await open();
    expect(within(body).getByTestId("detail-history-empty")).toHaveTextContent(viText.stockDetail.historyEmpty);
  });
});
