import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import enText from "../../i18n/en.json";
import viText from "../../i18n/vi.json";
import type { SyncPhase } from "../../ipc";
import { useDataChangedInvalidation } from "../../queries/events";
import { type Answer, backend } from "../../test/fakeBackend";
import { render } from "@testing-library/react";
import { initI18n } from "../../i18n";
import { makeQueryClient, Providers } from "../../providers";
import { prefetchFirstScreen } from "../../queries/stock";
import { renderApp } from "../../test/render";
import { StockPage } from "./StockPage";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

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
        {
          id: "nhanh-1",
          vendor: "nhanh",
          label: "Nhanh chính",
          config: { vendor: "nhanh", appId: 1, businessId: 9, expiresAt: "2027-12-01T00:00:00Z", depotIds: [] },
          baseUrl: null,
          masks: [],
          demo: false,
          expiryWarning: false,
          expired: false,
        },
      ],
    }),
    getSettings: () => ({
      language: "vi",
      demoDismissed: true,
      lowStockThreshold: 5,
      syncIntervalSeconds: 30,
      syncBudgetPercent: 30,
      updateSkippedVersion: null,
      lowStockMuted: false,
    }),
    syncStatus: () => [
      { accountId: "pancake-1", running: false, lastFinishedAt: minutesAgo(3.5), lastStatus: "ok", lastError: null, lastMessage: null, ordersSyncedAt: null, pushCheckedAt: null },
      { accountId: "nhanh-1", running: false, lastFinishedAt: minutesAgo(5 * 60 + 1), lastStatus: "ok", lastError: null, lastMessage: null, ordersSyncedAt: null, pushCheckedAt: null },
    ],
  }),
);

describe("stock page: how fresh each account's figures are", () => {
  it("says the age of each account's figures and warns when they may be out of date", async () => {
    renderApp(
      <MemoryRouter>
        <StockPage />
      </MemoryRouter>,
    );
    const card = (id: string) => document.querySelector(`[data-testid="sync-status"][data-account="${id}"]`);
    await waitFor(() => expect(card("nhanh-1")).toHaveAttribute("data-stale", "true"));
    // a sync every 30 minutes: 3 minutes is fresh, 5 hours is not
    expect(card("pancake-1")).toHaveAttribute("data-stale", "false");
    expect(card("pancake-1")).toHaveTextContent("3 phút trước");
    expect(card("pancake-1")).not.toHaveTextContent(viText.stock.figuresStale);
    expect(card("nhanh-1")).toHaveTextContent("5 giờ trước");
    expect(card("nhanh-1")).toHaveTextContent(viText.stock.figuresStale);
    expect(screen.getAllByTestId("sync-status")).toHaveLength(2);
  });
});

describe("stock page: why the last sync failed, in the user's language", () => {
  it("shows a failed run's code localized (vi, then en) and the vendor's detail, an older run's sentence as it is", async () => {
    backend.use({
      syncStatus: () => [
        {
          accountId: "pancake-1",
          running: false,
          lastFinishedAt: minutesAgo(2),
          lastStatus: "failed",
          lastError: { code: "unauthorized", detail: "unauthorized (ERR_TOKEN)" },
          lastMessage: null,
          ordersSyncedAt: null,
          pushCheckedAt: null,
        },
        {
          accountId: "nhanh-1",
          running: false,
          lastFinishedAt: minutesAgo(2),
          lastStatus: "failed",
          lastError: null,
          lastMessage: "Lỗi kết nối mạng",
          ordersSyncedAt: null,
          pushCheckedAt: null,
        },
      ],
    });
    renderApp(
      <MemoryRouter>
        <StockPage />
      </MemoryRouter>,
    );
    const last = (id: string) => document.querySelector(`[data-testid="sync-status"][data-account="${id}"] [data-testid="sync-last"]`);
    await waitFor(() => expect(last("pancake-1")).toHaveTextContent(viText.errors.unauthorized));
    expect(last("pancake-1")).toHaveAttribute("data-code", "unauthorized");
    expect(screen.getByTestId("sync-last-detail")).toHaveTextContent("Chi tiết: unauthorized (ERR_TOKEN)");
    expect(last("nhanh-1")).toHaveTextContent("Lỗi kết nối mạng");
    try {
      await act(() => i18n.changeLanguage("en"));
      await waitFor(() => expect(last("pancake-1")).toHaveTextContent(enText.errors.unauthorized));
      expect(screen.getByTestId("sync-last-detail")).toHaveTextContent("Details: unauthorized (ERR_TOKEN)");
      expect(last("nhanh-1")).toHaveTextContent("Lỗi kết nối mạng");
    } finally {
      await act(() => i18n.changeLanguage("vi"));
    }
  });
});

/** The stock page with the shell's `data-changed` listener, so a backend change refreshes the sync status. */
function StockPageInShell() {
  useDataChangedInvalidation();
  return <StockPage />;
}

describe("stock page: the sync card follows the sync to its end", () => {
  const status = (running: boolean, finished: string | null): Answer<"syncStatus">[number] => ({
    accountId: "pancake-1",
    running,
    lastFinishedAt: finished,
    lastStatus: finished ? "ok" : null,
    lastError: null,
    lastMessage: null,
    ordersSyncedAt: null,
    pushCheckedAt: null,
  });
  const card = () => document.querySelector('[data-testid="sync-status"][data-account="pancake-1"]');
  const progress = (phase: SyncPhase, done = 1, total = 4) => backend.emit("syncProgress", { accountId: "pancake-1", phase, done, total });

  function renderPage() {
    renderApp(
      <MemoryRouter>
        <StockPageInShell />
      </MemoryRouter>,
    );
  }

  it("shows each phase while it runs and stops on `done`, though the status answered earlier said running", async () => {
    backend.use({ syncStatus: () => [status(true, null)] });
    renderPage();
    await waitFor(() => expect(card()).toHaveAttribute("data-state", "running"));
    await progress("catalog");
    await waitFor(() => expect(card()).toHaveTextContent(viText.stock.phase.catalog));
    expect(screen.getByTestId("sync-progress")).toBeInTheDocument();
    await progress("done", 4, 4);
    await waitFor(() => expect(card()).toHaveAttribute("data-state", "never"));
    expect(screen.queryByTestId("sync-progress")).toBeNull();
  });

  it("stops on `failed`", async () => {
    backend.use({ syncStatus: () => [status(true, minutesAgo(60))] });
    renderPage();
    await progress("stock");
    await waitFor(() => expect(card()).toHaveTextContent(viText.stock.phase.stock));
    await progress("failed", 0, 0);
    await waitFor(() => expect(card()).toHaveAttribute("data-state", "ok"));
    expect(screen.queryByTestId("sync-progress")).toBeNull();
  });

  it("stops when the status refreshed after the last event says the sync is over (no end event seen)", async () => {
    backend.use({ syncStatus: () => [status(false, minutesAgo(60))] });
    renderPage();
    await waitFor(() => expect(card()).toHaveAttribute("data-state", "ok"));
    await progress("warehouses");
    await waitFor(() => expect(card()).toHaveAttribute("data-state", "running"));
    const finished = minutesAgo(0);
    backend.use({ syncStatus: () => [status(false, finished)] });
    await backend.emit("dataChanged", { kind: "stock" });
    await waitFor(() => expect(card()).toHaveAttribute("data-finished", finished));
    expect(card()).toHaveAttribute("data-state", "ok");
    expect(screen.queryByTestId("sync-progress")).toBeNull();
  });

  it("does not take the orders list's progress for the stock sync's", async () => {
    // a second "sync now" found the stock sync running and went on to the orders list, which reports meanwhile
    backend.use({ syncStatus: () => [status(true, minutesAgo(60))] });
    renderPage();
    await progress("stock");
    await waitFor(() => expect(card()).toHaveTextContent(viText.stock.phase.stock));
    await progress("orders", 50, 50);
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(card()).toHaveAttribute("data-state", "running");
    expect(card()).toHaveTextContent(viText.stock.phase.stock);
    expect(card()).not.toHaveTextContent(viText.stock.phase.orders);
    await progress("done", 4, 4);
    await progress("orders", 60, 60);
    await waitFor(() => expect(card()).toHaveAttribute("data-state", "ok"));
  });
});

describe("stock page: the grid's sort and an empty result", () => {
  const row = (name: string, sku: string): Answer<"stockGrid">["rows"][number] => ({
    groupKey: sku,
    name,
    sku,
    barcode: null,
    cells: [],
    totalOnHand: 3,
    totalAvailable: 3,
    flags: { mismatch: false, low: false, conflict: false },
    vendors: ["pancake"],
    listings: 1,
  });
  beforeEach(() =>
    backend.use({
      stockGrid: (q) => {
        const rows = [row("Áo thun trắng", "AT01"), row("Quần jean", "QJ02")].filter((r) =>
          q.search ? r.name.toLowerCase().includes(q.search) : true,
        );
        return { totalRows: rows.length, rows, columns: [] };
      },
    }),
  );
  const lastQuery = () => backend.callsOf("stockGrid").at(-1)?.[0];

  it("sorts by a number, then back by name and by SKU, each way", async () => {
    renderApp(
      <MemoryRouter>
        <StockPage />
      </MemoryRouter>,
    );
    fireEvent.click(await screen.findByTestId("sort-total"));
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: { by: "totalOnHand" }, descending: true }));
    fireEvent.click(screen.getByTestId("sort-name"));
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: { by: "name" }, descending: false }));
    expect(screen.getByTestId("sort-name")).toHaveAttribute("data-active", "asc");
    fireEvent.click(screen.getByTestId("sort-sku"));
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: { by: "sku" }, descending: false }));
    fireEvent.click(screen.getByTestId("sort-sku"));
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: { by: "sku" }, descending: true }));
    expect(screen.getByTestId("sort-sku")).toHaveAttribute("data-active", "desc");
    expect(screen.getByTestId("sort-name")).not.toHaveAttribute("data-active");
  });

  it("says when the filters match nothing and clears them", async () => {
    renderApp(
      <MemoryRouter>
        <StockPage />
      </MemoryRouter>,
    );
    await waitFor(() => expect(screen.getByTestId("stock-grid")).toHaveAttribute("data-total-rows", "2"));
    expect(screen.queryByTestId("stock-no-rows")).toBeNull();
    fireEvent.change(screen.getByTestId("stock-search"), { target: { value: "giày" } });
    expect(await screen.findByTestId("stock-no-rows")).toHaveTextContent(viText.stock.noRows);
    fireEvent.click(screen.getByTestId("stock-clear-filters"));
    await waitFor(() => expect(screen.getByTestId("stock-grid")).toHaveAttribute("data-total-rows", "2"));
    expect(screen.getByTestId("stock-search")).toHaveValue("");
    expect(lastQuery()).toMatchObject({ search: "", mismatchesOnly: false, lowStockOnly: false });
    expect(screen.queryByTestId("stock-no-rows")).toBeNull();
  });

  it("says nothing about filters when the cache is simply empty", async () => {
    backend.use({ stockGrid: () => ({ totalRows: 0, rows: [], columns: [] }) });
    renderApp(
      <MemoryRouter>
        <StockPage />
      </MemoryRouter>,
    );
    await waitFor(() => expect(backend.callsOf("stockGrid").length).toBeGreaterThan(0));
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(screen.queryByTestId("stock-no-rows")).toBeNull();
  });
});

describe("stock page: the first rows at launch", () => {
  it("shows the rows read with the settings at launch on its first render", async () => {
    const first: Answer<"stockGrid"> = {
      totalRows: 1,
      rows: [
        {
          groupKey: "AT01",
          name: "Áo thun trắng",
          sku: "AT01",
          barcode: null,
          cells: [],
          totalOnHand: 3,
          totalAvailable: 3,
          flags: { mismatch: false, low: false, conflict: false },
          vendors: ["pancake"],
          listings: 1,
        },
      ],
      columns: [],
    };
    // only the launch read answers: rows on the page can only be the ones it read
    let reads = 0;
    backend.use({ stockGrid: () => (reads++ === 0 ? first : new Promise<never>(() => undefined)) });
    initI18n("vi");
    const client = makeQueryClient();
    prefetchFirstScreen(client);
    await waitFor(() => expect(backend.callsOf("stockGrid")).toHaveLength(1));
    render(
      <Providers client={client}>
        <MemoryRouter>
          <StockPage />
        </MemoryRouter>
      </Providers>,
    );
    // the page's own query has the launch read's key (same threshold, sort and filters)
    expect(await screen.findByTestId("stock-grid")).toHaveAttribute("data-total-rows", "1");
  });

  it("does not read the grid when a database needs the recovery screen", async () => {
    backend.use({
      recoveryStatus: () => ({ problems: [], canRebuildCaches: false }) as unknown as Answer<"recoveryStatus">,
    });
    const client = makeQueryClient();
    prefetchFirstScreen(client);
    await waitFor(() => expect(backend.callsOf("recoveryStatus")).toHaveLength(1));
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(backend.callsOf("stockGrid")).toHaveLength(0);
  });
});
