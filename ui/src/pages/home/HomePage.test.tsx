import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { HomeSummary } from "../../ipc";
import { formatVnd } from "../../lib/format";
import { backend, HOME_SUMMARY } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { OrderList } from "../orders/OrderList";
import { HomePage } from "./HomePage";
import { accountView } from "../../test/accounts";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const account = accountView;

const sync = (accountId: string, failed: boolean) => ({
  accountId,
  running: false,
  lastFinishedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  lastStatus: failed ? ("failed" as const) : ("ok" as const),
  lastError: failed ? { code: "network" as const, detail: null } : null,
  lastMessage: null,
  ordersSyncedAt: null,
  pushCheckedAt: null,
});

/** A busy shop's figures, over the same days as a fresh install's. */
const SUMMARY: HomeSummary = {
  ...HOME_SUMMARY,
  today: { orders: 7, revenue: 1_250_000, cancelled: 1 },
  week: { orders: 31, revenue: 9_800_000, cancelled: 2 },
  accounts: [
    { accountId: "pancake-1", vendor: "pancake", today: { orders: 5, revenue: 1_000_000, cancelled: 1 }, week: { orders: 20, revenue: 6_000_000, cancelled: 1 }, sync: sync("pancake-1", false) },
    { accountId: "nhanh-1", vendor: "nhanh", today: { orders: 2, revenue: 250_000, cancelled: 0 }, week: { orders: 11, revenue: 3_800_000, cancelled: 1 }, sync: sync("nhanh-1", true) },
  ],
  waiting: { confirm: 4, pack: 3, ship: 2 },
  outboxAttention: 1,
  lowStock: 12,
  lowThreshold: 5,
  arriving: { transit: 2, receiving: 1 },
  returns: { requested: 1, inTransit: 3, received: 0 },
  series: Array.from({ length: 14 }, (_, i) => {
    const day = new Date(Date.UTC(2026, 10, 21 + i));
    const iso = day.toISOString().slice(0, 10);
    const from = new Date(day.getTime() - 7 * 3600_000).toISOString();
    const to = new Date(day.getTime() + 17 * 3600_000).toISOString();
    return { day: iso, from, to, orders: i, revenue: i * 100_000 };
  }),
};

/** Where a click went: the path and query the router is on. */
function Where() {
  const l = useLocation();
  return <div data-testid="where">{`${l.pathname}${l.search}`}</div>;
}

function renderHome() {
  return renderApp(
    <MemoryRouter initialEntries={["/home"]}>
      <Routes>
        <Route path="/home" element={<HomePage />} />
        <Route path="/orders" element={<OrderList />} />
        <Route path="*" element={<Where />} />
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  backend.reset({
    workspace: () => ({ demo: false, accounts: [account("pancake-1", "pancake", "Shop Pancake"), account("nhanh-1", "nhanh", "Shop Nhanh")], unreadableAccounts: 0 }),
    homeSummary: () => SUMMARY,
  });
});

describe("home page", () => {
  it("shows the backend's figures, money in VND, each account's freshness and last error, and marks its first paint", async () => {
    renderHome();
    await waitFor(() => expect(screen.getByTestId("home")).toHaveAttribute("data-state", "ready"));
    expect(screen.getByTestId("home-today-orders")).toHaveAttribute("data-value", "7");
    expect(screen.getByTestId("home-today-revenue").textContent).toContain(formatVnd(1_250_000));
    expect(screen.getByTestId("home-week-orders")).toHaveAttribute("data-value", "31");
    expect(screen.getByTestId("home-waiting-confirm")).toHaveTextContent("4");
    expect(screen.getByTestId("home-outbox-attention")).toHaveAttribute("data-value", "1");
    expect(screen.getByTestId("home-low-stock")).toHaveTextContent("12");
    expect(screen.getByTestId("home-returns-in-transit")).toHaveAttribute("data-value", "3");
    const rows = screen.getAllByTestId("home-account");
    expect(rows.map((r) => r.getAttribute("data-account"))).toEqual(["pancake-1", "nhanh-1"]);
    const [pancake, nhanh] = rows as [HTMLElement, HTMLElement];
    expect(within(pancake).getByText("Shop Pancake")).toBeInTheDocument();
    expect(within(pancake).queryByTestId("home-account-error")).toBeNull();
    expect(within(nhanh).getByTestId("home-account-error")).toHaveAttribute("data-code", "network");
    expect(within(nhanh).getByTestId("home-account-today").textContent).toContain(formatVnd(250_000));
    expect(screen.getAllByTestId("home-chart-days-bar")).toHaveLength(14);
    // the start-up benchmark's mark, once the figures are on screen
    await waitFor(() => expect(backend.callsOf("uiFirstRows")).toHaveLength(1));
  });

  it("today's orders open the orders list filtered on the same instants", async () => {
    renderHome();
    fireEvent.click(await screen.findByTestId("home-today-orders"));
    await waitFor(() => expect(screen.getByTestId("orders-span")).toBeInTheDocument());
    const asked = backend.callsOf("ordersList").map(([f]) => f);
    expect(asked.at(-1)).toMatchObject({ from: SUMMARY.todayFrom, to: SUMMARY.until, accountIds: [], statuses: [] });
  });

  it("an account's week opens the list on that account and those dates", async () => {
    renderHome();
    const rows = await screen.findAllByTestId("home-account");
    const nhanh = rows.find((r) => r.getAttribute("data-account") === "nhanh-1");
    if (!nhanh) throw new Error("no nhanh row");
    fireEvent.click(within(nhanh).getByTestId("home-account-week"));
    await waitFor(() =>
      expect(backend.callsOf("ordersList").map(([f]) => f).at(-1)).toMatchObject({ from: SUMMARY.weekFrom, to: SUMMARY.until, accountIds: ["nhanh-1"] }),
    );
  });

  it("a waiting stage opens the list on its status tab", async () => {
    renderHome();
    fireEvent.click(await screen.findByTestId("home-waiting-pack"));
    await waitFor(() => expect(backend.callsOf("ordersList").map(([f]) => f).at(-1)).toMatchObject({ statuses: ["confirmed"], from: null, to: null }));
  });

  it("a chart day opens that day's orders", async () => {
    renderHome();
    await waitFor(() => expect(screen.getAllByTestId("home-chart-days-bar")).toHaveLength(14));
    const day = SUMMARY.series[3];
    const bar = screen.getAllByTestId("home-chart-days-bar").find((b) => b.getAttribute("data-key") === day?.day);
    if (!day || !bar) throw new Error("no such day");
    fireEvent.click(bar);
    await waitFor(() => expect(backend.callsOf("ordersList").map(([f]) => f).at(-1)).toMatchObject({ from: day.from, to: day.to }));
  });

  it("low stock, goods in, returns and the outbox open their filtered lists", async () => {
    const cases: [string, string][] = [
      ["home-low-stock", "/stock?view=low"],
      ["home-po-transit", "/inbound?group=transit"],
      ["home-returns-in-transit", "/returns?group=in_transit"],
      ["home-outbox-attention", "/orders?tab=sent&attention=1"],
    ];
    for (const [id, path] of cases) {
      const { unmount } = renderApp(
        <MemoryRouter initialEntries={["/home"]}>
          <Routes>
            <Route path="/home" element={<HomePage />} />
            <Route path="*" element={<Where />} />
          </Routes>
        </MemoryRouter>,
      );
      fireEvent.click(await screen.findByTestId(id));
      expect(await screen.findByTestId("where")).toHaveTextContent(path);
      unmount();
    }
  });

  it("says how to begin when no account is connected", async () => {
    backend.reset({ workspace: () => ({ demo: false, accounts: [], unreadableAccounts: 0 }), homeSummary: () => ({ ...SUMMARY, accounts: [] }) });
    renderHome();
    expect(await screen.findByTestId("empty-state")).toHaveTextContent(viText.pages.home.emptyTitle);
  });
});
