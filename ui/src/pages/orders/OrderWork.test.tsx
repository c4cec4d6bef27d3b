// Orders that never dead-end (#22): the outbox says what to do in each state, a refused order is fixed in the
// form and sent again under a new reference (or dismissed after a confirmation), the detail shows the delivery
// facts and prints, the list takes a custom date range and exports what it shows.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { OrderRow, OutboxEntry } from "../../ipc";
import { backend } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { OrderFixPage } from "./OrderFixPage";
import { dayBounds, OrderList } from "./OrderList";
import { OrdersPage } from "./OrdersPage";
import { OutboxList } from "./OutboxList";
import { accountView } from "../../test/accounts";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const account = accountView("pancake-1", "pancake", "Shop Hà Nội");

const draft: OutboxEntry["draft"] = {
  customer: { name: "Nguyễn Thị Lan", phone: "0912345678", email: null },
  address: {
    line1: "12 Lê Lợi",
    line2: null,
    ward: "Phường Bến Nghé",
    district: "Quận 1",
    province: "TP Hồ Chí Minh",
    geo: { provinceId: "79", districtId: "760", wardId: "26734" },
  },
  items: [{ sku: "AT0001", productId: "p1", variationId: "v1", quantity: 2000000000, unitPrice: 199000, discount: 0 }],
  orderDiscount: 0,
  shippingFee: 30000,
  cod: null,
  note: "Giao giờ hành chính",
  target: { accountId: "pancake-1", vendor: "pancake", warehouseId: "A" },
  extras: { onflow: null, nhanh: null, pancake: { orderSource: 3 } },
};

const entry = (id: number, state: OutboxEntry["state"], more: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id,
  clientRef: `SD-REF${id}`,
  accountId: "pancake-1",
  vendor: "pancake",
  draft,
  total: 229000,
  cod: 229000,
  state,
  attempts: 1,
  vendorOrderId: state === "created" ? "1099" : null,
  error: state === "failed" ? { code: "refused", detail: "quantity must be within ±1000000000" } : null,
  lastError: null,
  nextAttemptAt: null,
  createdAt: "2025-11-20T08:00:00.000Z",
  updatedAt: "2025-11-20T08:00:00.000Z",
  previousRefs: [],
  supersededBy: null,
  dismissedAt: null,
  ...more,
});

let entries: OutboxEntry[] = [];

beforeEach(() => {
  entries = [
    entry(6, "created", { previousRefs: ["SD-REF5"] }),
    entry(5, "failed", { supersededBy: "SD-REF6" }),
    entry(4, "needsAttention", { error: { code: "noAnswer", detail: null } }),
    entry(3, "queued"),
    entry(2, "failed"),
    entry(1, "failed", { dismissedAt: "2025-11-20T09:00:00.000Z" }),
  ];
  backend.reset({
    workspace: () => ({ demo: false, unreadableAccounts: 0, accounts: [account] }),
    orderOutbox: () => ({ entries, unreadable: [] }),
    orderDismiss: (id) => {
      entries = entries.map((e) => (e.id === id ? { ...e, dismissedAt: "2025-11-20T10:00:00.000Z" } : e));
      return entries.find((e) => e.id === id) ?? entry(id, "failed");
    },
    orderTargets: () => [{ accountId: "pancake-1", vendor: "pancake", label: "Shop Hà Nội", warehouses: [{ id: "A", name: "Kho A" }] }],
    catalogSearch: () => [],
    orderOptions: () => ({ sources: [{ id: 3, name: "Facebook" }], carriers: [] }),
    orderResend: (id, d) => {
      const fixed = entry(7, "queued", { draft: { ...draft, ...d } as OutboxEntry["draft"], previousRefs: ["SD-REF2"] });
      entries = [fixed, ...entries.map((e) => (e.id === id ? { ...e, supersededBy: fixed.clientRef } : e))];
      return fixed;
    },
  });
});

const rowOf = (id: number) => screen.getAllByTestId("outbox-row").find((r) => r.getAttribute("data-id") === String(id)) as HTMLElement;

describe("outbox: each state says what to do", () => {
  it("shows the one-line advice per state and offers fix / dismiss only where they apply", async () => {
    renderApp(
      <MemoryRouter>
        <OutboxList />
      </MemoryRouter>,
    );
    await waitFor(() => expect(screen.getAllByTestId("outbox-row")).toHaveLength(6));
    const todo = (id: number) => within(rowOf(id)).getByTestId("outbox-todo");
    expect(todo(2)).toHaveTextContent(viText.orders.fix.todo.failed);
    expect(todo(4)).toHaveTextContent(viText.orders.fix.todo.needsAttention);
    expect(todo(3)).toHaveTextContent(viText.orders.fix.todo.queued);
    expect(todo(6)).toHaveTextContent(viText.orders.fix.todo.created);
    expect(todo(5)).toHaveTextContent(viText.orders.fix.todo.superseded.replace("{{ref}}", "SD-REF6"));
    expect(todo(1)).toHaveTextContent(viText.orders.fix.todo.dismissed);
    // the fixed copy names the reference it replaced
    expect(within(rowOf(6)).getByTestId("outbox-previous")).toHaveTextContent("SD-REF5");
    // fix: only the refused row nobody replaced or dismissed; dismiss: refused and needs-attention rows
    const has = (id: number, testId: string) => within(rowOf(id)).queryByTestId(testId) !== null;
    expect([1, 2, 3, 4, 5, 6].filter((id) => has(id, "outbox-fix"))).toEqual([2]);
    expect([1, 2, 3, 4, 5, 6].filter((id) => has(id, "outbox-dismiss"))).toEqual([2, 4]);
    expect(rowOf(2)).toHaveAttribute("data-needs-action", "true");
    expect(rowOf(5)).toHaveAttribute("data-needs-action", "false");
  });

  it("dismisses only after the confirmation, and the row leaves the attention count", async () => {
    renderApp(
      <MemoryRouter initialEntries={["/orders?tab=sent"]}>
        <OrdersPage />
      </MemoryRouter>,
    );
    await waitFor(() => expect(screen.getByTestId("orders-tab-sent")).toHaveAttribute("data-attention", "2"));
    fireEvent.click(within(rowOf(2)).getByTestId("outbox-dismiss"));
    expect(await screen.findByText(viText.orders.fix.dismissBody)).toBeInTheDocument();
    await act(() => new Promise((r) => setTimeout(r, 30)));
    expect(backend.callsOf("orderDismiss")).toEqual([]);
    fireEvent.click(screen.getByTestId("outbox-dismiss-confirm"));
    await waitFor(() => expect(backend.callsOf("orderDismiss")).toEqual([[2]]));
    await waitFor(() => expect(screen.getByTestId("orders-tab-sent")).toHaveAttribute("data-attention", "1"));
    await waitFor(() => expect(within(rowOf(2)).getByTestId("outbox-todo")).toHaveTextContent(viText.orders.fix.todo.dismissed));
  });
});

describe("a refused order is fixed and sent again", () => {
  function renderFix(id: number) {
    renderApp(
      <MemoryRouter initialEntries={[`/orders/fix/${id}`]}>
        <Routes>
          <Route path="/orders/fix/:id" element={<OrderFixPage />} />
          <Route path="/orders" element={<OutboxList />} />
        </Routes>
      </MemoryRouter>,
    );
  }

  it("opens prefilled with the refusal, and sends the fixed copy as a resend of that entry", async () => {
    renderFix(2);
    const banner = await screen.findByTestId("order-fixing");
    expect(banner).toHaveAttribute("data-ref", "SD-REF2");
    expect(within(banner).getByTestId("order-fixing-error")).toHaveTextContent("quantity must be within");
    expect(screen.getByTestId("order-name")).toHaveValue("Nguyễn Thị Lan");
    expect(screen.getByTestId("order-phone")).toHaveValue("0912345678");
    expect(screen.getByTestId("order-kept-address")).toHaveTextContent("Phường Bến Nghé, Quận 1");
    const qty = within(await screen.findByTestId("order-item")).getByTestId("item-quantity");
    expect(qty).toHaveValue("2000000000");
    fireEvent.change(qty, { target: { value: "1" } });
    fireEvent.click(screen.getByTestId("order-submit"));
    await waitFor(() => expect(backend.callsOf("orderResend")).toHaveLength(1));
    const [id, sent] = backend.callsOf("orderResend")[0] ?? [];
    expect(id).toBe(2);
    expect(sent?.items).toEqual([{ sku: "AT0001", productId: "p1", variationId: "v1", quantity: 1, unitPrice: 199000, discount: 0 }]);
    // the address typed before goes again, with its geo ids, since no other was picked
    expect(sent?.address).toEqual(draft.address);
    expect(sent?.target).toEqual(draft.target);
    expect(sent?.note).toBe("Giao giờ hành chính");
    expect(sent?.shippingFee).toBe(30000);
    expect(sent?.extras).toEqual({ onflow: null, nhanh: null, pancake: { orderSource: 3 } });
    expect(backend.callsOf("orderSubmit")).toEqual([]);
    // back on the outbox: the new row names the old reference, the old one says it was replaced
    await waitFor(() => expect(rowOf(7)).toBeInTheDocument());
    expect(within(rowOf(7)).getByTestId("outbox-previous")).toHaveTextContent("SD-REF2");
    expect(within(rowOf(2)).getByTestId("outbox-todo")).toHaveTextContent(viText.orders.fix.todo.superseded.replace("{{ref}}", "SD-REF7"));
  });

  it("does not open an entry that was already replaced", async () => {
    renderFix(5);
    expect(await screen.findByText(viText.orders.fix.goneTitle)).toBeInTheDocument();
    expect(screen.queryByTestId("order-submit")).toBeNull();
  });
});

const row: OrderRow = {
  accountId: "pancake-1",
  vendor: "pancake",
  vendorOrderId: "1042",
  clientRef: "SD-01ABC",
  customerName: "Nguyễn Thị Lan",
  phone: "0912345678",
  address: "12 Lê Lợi, Quận 1, TP Hồ Chí Minh",
  total: 229000,
  cod: 229000,
  status: "shipping",
  vendorStatus: "Đã gửi hàng",
  vendorStatusCode: 2,
  createdAt: "2025-11-20T08:00:00.000Z",
  updatedAt: "2025-11-21T09:30:00.000Z",
  itemCount: 3,
  cancellable: false,
};

describe("order detail: delivery facts and printing", () => {
  beforeEach(() => {
    backend.reset({
      workspace: () => ({ demo: false, unreadableAccounts: 0, accounts: [account] }),
      ordersList: () => ({ rows: [row], total: 1 }),
      ordersStatusCounts: () => [{ status: "shipping", count: 1 }],
      orderDetail: () => ({
        row,
        items: [{ sku: "AT0001", name: "Áo thun đen M", quantity: 3, unitPrice: 66000, discount: 0 }],
        history: [],
        carrier: "Giao hàng nhanh",
        trackingCode: "GHN123456",
      }),
      orderTrackingLink: () => "https://pke.gg/abc",
      orderOpenTracking: () => "https://pke.gg/abc",
      orderPrintLabel: () => "/tmp/print/nhan-van-chuyen-pancake-1042.pdf",
      orderSlipCapture: () => true,
    });
  });

  async function openDetail() {
    renderApp(
      <MemoryRouter>
        <OrderList />
      </MemoryRouter>,
    );
    fireEvent.click(within(await screen.findByTestId("order-row")).getByText("1042"));
    return screen.findByTestId("order-shipping");
  }

  it("shows carrier, tracking code with the vendor's tracking page, COD, item count and last update", async () => {
    const box = await openDetail();
    await waitFor(() => expect(within(box).getByTestId("detail-carrier")).toHaveTextContent("Giao hàng nhanh"));
    expect(within(box).getByTestId("detail-tracking-code")).toHaveTextContent("GHN123456");
    expect(within(box).getByTestId("detail-cod")).toHaveTextContent("229.000");
    expect(within(box).getByTestId("detail-item-count")).toHaveTextContent("3");
    expect(within(box).getByTestId("detail-updated")).toHaveTextContent("21");
    const link = await within(box).findByTestId("detail-tracking-link");
    expect(link).toHaveAttribute("data-url", "https://pke.gg/abc");
    fireEvent.click(link);
    await waitFor(() => expect(backend.callsOf("orderOpenTracking")).toEqual([["pancake-1", "1042"]]));
  });

  it("prints the Pancake label through Rust and the packing slip in Vietnamese", async () => {
    await openDetail();
    const label = await screen.findByTestId("order-print-label");
    fireEvent.click(label);
    await waitFor(() => expect(label).toHaveAttribute("data-status", "done"));
    expect(backend.callsOf("orderPrintLabel")).toEqual([["pancake-1", "1042"]]);
    const slip = await screen.findByTestId("order-print-slip");
    fireEvent.click(slip);
    await waitFor(() => expect(slip).toHaveAttribute("data-status", "captured"));
    const [id, html] = backend.callsOf("orderSlipCapture")[0] ?? [];
    expect(id).toBe("1042");
    expect(html).toContain(viText.orders.print.slipTitle);
    expect(html).toContain("Áo thun đen M");
    expect(html).toContain("GHN123456");
  });
});

describe("orders list: custom dates and export", () => {
  beforeEach(() => {
    backend.reset({
      workspace: () => ({ demo: false, unreadableAccounts: 0, accounts: [account] }),
      ordersList: () => ({ rows: [row], total: 1 }),
      ordersStatusCounts: () => [{ status: "shipping", count: 1 }],
      ordersExport: () => "/tmp/don-hang.xlsx",
    });
  });

  it("turns whole local days into the filter's [from, to)", () => {
    const b = dayBounds({ from: "2025-11-01", to: "2025-11-30" });
    expect(b.from).toBe(new Date(2025, 10, 1).toISOString());
    expect(b.to).toBe(new Date(2025, 11, 1).toISOString());
    expect(dayBounds({ from: "", to: "2025-13-45x" })).toEqual({ from: null, to: null });
  });

  it("filters the list by the chosen days and exports that filter, every page", async () => {
    renderApp(
      <MemoryRouter>
        <OrderList />
      </MemoryRouter>,
    );
    await screen.findByTestId("order-row");
    fireEvent.click(screen.getByText(viText.orders.export.custom));
    fireEvent.change(await screen.findByTestId("orders-date-from"), { target: { value: "2025-11-01" } });
    fireEvent.change(screen.getByTestId("orders-date-to"), { target: { value: "2025-11-30" } });
    const want = dayBounds({ from: "2025-11-01", to: "2025-11-30" });
    await waitFor(() => {
      const last = backend.callsOf("ordersList").at(-1)?.[0];
      expect([last?.from, last?.to]).toEqual([want.from, want.to]);
    });
    fireEvent.click(screen.getByTestId("orders-export"));
    fireEvent.click(await screen.findByTestId("orders-export-xlsx"));
    await waitFor(() => expect(backend.callsOf("ordersExport")).toHaveLength(1));
    const [filter, format] = backend.callsOf("ordersExport")[0] ?? [];
    expect(format).toBe("xlsx");
    expect([filter?.from, filter?.to, filter?.limit, filter?.offset]).toEqual([want.from, want.to, 0, 0]);
  });
});
