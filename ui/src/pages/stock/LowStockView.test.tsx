import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { LowStockRow } from "../../ipc";
import { type Answer, backend } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { StockSettingsCard } from "../StockSettingsCard";
import { LowStockView } from "./LowStockView";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const row = (over: Partial<LowStockRow>): LowStockRow => ({
  groupKey: "sku:AT-001-M",
  name: "Áo thun M",
  sku: "AT-001-M",
  figure: 4,
  basis: "physical",
  min: 5,
  minSource: "default",
  max: null,
  own: { min: null, max: null },
  vendor: { min: null, max: null },
  low: true,
  sold: 14,
  perDay: 1,
  daysLeft: 4,
  reorder: 6,
  ...over,
});

const view = (rows: LowStockRow[]): Answer<"lowStockView"> => ({ rows, defaultMin: 5, speedDays: 14, checkedAt: "2026-12-04T10:00:00Z" });

beforeEach(() => backend.reset({ lowStockView: () => view([]) }));

describe("Sắp hết", () => {
  it("lists a low product with its figure, whose minimum, speed and days left", async () => {
    backend.use({
      lowStockView: () =>
        view([
          row({}),
          row({
            groupKey: "sku:QJ-02",
            name: "Quần jean",
            sku: "QJ-02",
            figure: 2,
            basis: "pos",
            min: 8,
            minSource: "own",
            vendor: { min: 5, max: 200 },
            max: 200,
            sold: 0,
            perDay: 0,
            daysLeft: null,
            reorder: 198,
          }),
        ]),
    });
    renderApp(<LowStockView />);
    const rows = await screen.findAllByTestId("low-row");
    expect(rows).toHaveLength(2);
    const [shirt, jeans] = rows as [HTMLElement, HTMLElement];
    expect(shirt.dataset.sku).toBe("AT-001-M");
    expect(within(shirt).getByTestId("low-days").textContent).toBe(viText.lowStock.daysLeft.replace("{{days}}", "4"));
    expect(within(shirt).getByTestId("low-min").dataset.source).toBe("default");
    expect(within(shirt).getByText(viText.lowStock.basisPhysical)).toBeInTheDocument();
    // ours wins, and Nhanh's own figure is shown beside it
    expect(within(jeans).getByTestId("low-min").dataset.source).toBe("own");
    expect(within(jeans).getByText(viText.lowStock.vendorBeside.replace("{{value}}", "5"))).toBeInTheDocument();
    expect(within(jeans).getByText(viText.lowStock.basisPos)).toBeInTheDocument();
    expect(within(jeans).getByTestId("low-days").textContent).toBe(viText.lowStock.noSales);
    expect(within(jeans).getByTestId("low-reorder").textContent).toBe("198");
    expect(screen.getByTestId("low-stock").dataset.checkedAt).toBe("2026-12-04T10:00:00Z");
  });

  it("says when nothing is low and offers no export", async () => {
    renderApp(<LowStockView />);
    expect(await screen.findByText(viText.lowStock.emptyTitle)).toBeInTheDocument();
    expect(screen.getByTestId("low-export")).toBeDisabled();
  });

  it("exports the list to start a purchase order from", async () => {
    backend.use({
      lowStockView: () => view([row({})]),
      lowStockExport: () => ({ path: "/tmp/sap-het.xlsx", rows: 1 }),
    });
    renderApp(<LowStockView />);
    await screen.findAllByTestId("low-row");
    fireEvent.click(screen.getByTestId("low-export"));
    fireEvent.click(await screen.findByTestId("low-export-xlsx"));
    await waitFor(() => expect(backend.callsOf("lowStockExport")).toEqual([["xlsx"]]));
  });

  it("sets a product's own minimum, showing Nhanh's and the figure in force", async () => {
    const level = row({ vendor: { min: 5, max: 200 }, min: 5, minSource: "vendor", max: 200 });
    backend.use({
      lowStockView: () => view([level]),
      stockLimits: () => level,
      setStockLimits: () => null,
    });
    renderApp(<LowStockView />);
    fireEvent.click(await screen.findByTestId("low-edit-limits"));
    expect(await screen.findByTestId("limits-vendor")).toBeInTheDocument();
    const min = await screen.findByLabelText(viText.lowStock.min);
    fireEvent.change(min, { target: { value: "12" } });
    const max = screen.getByLabelText(viText.lowStock.max);
    // a maximum below the minimum is refused before it is sent
    fireEvent.change(max, { target: { value: "3" } });
    expect(await screen.findByText(viText.lowStock.maxBelowMin)).toBeInTheDocument();
    expect(screen.getByTestId("limits-save")).toBeDisabled();
    fireEvent.change(max, { target: { value: "" } });
    fireEvent.click(screen.getByTestId("limits-save"));
    await waitFor(() =>
      expect(backend.callsOf("setStockLimits")).toEqual([["sku:AT-001-M", { min: 12, max: null }]]),
    );
  });
});

describe("Settings: the low-stock notification", () => {
  it("mutes it with one switch, kept with the other settings", async () => {
    const settings = {
      language: "vi",
      demoDismissed: false,
      lowStockThreshold: 5,
      syncIntervalSeconds: 0,
      syncBudgetPercent: 30,
      updateSkippedVersion: null,
      lowStockMuted: false,
    } as const;
    backend.use({ setLowStockMuted: (muted) => ({ ...settings, lowStockMuted: muted }) });
    renderApp(<StockSettingsCard settings={settings} />);
    expect(await screen.findByText(viText.settings.lowStockMuted)).toBeInTheDocument();
    const toggle = screen.getByRole("switch");
    expect(toggle).not.toBeChecked();
    fireEvent.click(toggle);
    await waitFor(() => expect(backend.callsOf("setLowStockMuted")).toEqual([[true]]));
  });
});
