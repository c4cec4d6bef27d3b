import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { OrderRow } from "../../ipc";
import { backend } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { OrderList } from "./OrderList";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const order = (status: OrderRow["status"]): OrderRow => ({
  accountId: "pancake-1",
  vendor: "pancake",
  vendorOrderId: "1042",
  clientRef: null,
  customerName: "Nguyễn Thị Lan",
  phone: "0912345678",
  address: "12 Lê Lợi, Quận 1, TP Hồ Chí Minh",
  total: 229000,
  cod: 229000,
  status,
  vendorStatus: status === "new" ? "Mới" : "Đã hủy",
  vendorStatusCode: status === "new" ? 0 : 6,
  createdAt: "2025-11-20T08:00:00.000Z",
  updatedAt: "2025-11-20T08:00:00.000Z",
  itemCount: 1,
  cancellable: status === "new",
});

const detail = (row: OrderRow) => ({ row, items: [], history: [], carrier: null, trackingCode: null });

let status: OrderRow["status"] = "new";

beforeEach(() => {
  status = "new";
  backend.reset({
    ordersList: () => ({ rows: [order(status)], total: 1 }),
    ordersStatusCounts: () => [{ status, count: 1 }],
    orderDetail: () => detail(order(status)),
    orderCancel: () => {
      status = "cancelled";
      return detail(order(status));
    },
  });
});

async function openOrder() {
  renderApp(
    <MemoryRouter>
      <OrderList />
    </MemoryRouter>,
  );
  fireEvent.click(within(await screen.findByTestId("order-row")).getByText("1042"));
  return screen.findByTestId("order-cancel");
}

describe("orders: cancelling an order asks first", () => {
  it("sends nothing until the user confirms, then cancels once", async () => {
    fireEvent.click(await openOrder());
    const dialog = await screen.findByText(viText.orders.detail.cancelBody);
    expect(dialog).toBeInTheDocument();
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(backend.callsOf("orderCancel")).toEqual([]);
    fireEvent.click(screen.getByTestId("order-cancel-confirm"));
    await waitFor(() => expect(backend.callsOf("orderCancel")).toEqual([["pancake-1", "1042"]]));
    // the confirmation closes and the detail shows the vendor's answer
    await waitFor(() => expect(screen.queryByText(viText.orders.detail.cancelBody)).toBeNull());
    await waitFor(() =>
      expect(within(screen.getByTestId("order-detail")).getByTestId("order-status")).toHaveAttribute("data-status", "cancelled"),
    );
    expect(backend.callsOf("orderCancel")).toHaveLength(1);
  });

  it("keeps the order when the user changes their mind", async () => {
    fireEvent.click(await openOrder());
    fireEvent.click(await screen.findByText(viText.orders.detail.keep));
    await waitFor(() => expect(screen.queryByText(viText.orders.detail.cancelBody)).toBeNull());
    expect(backend.callsOf("orderCancel")).toEqual([]);
    expect(screen.getByTestId("order-cancel")).toBeInTheDocument();
  });
});
