import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { OrderRow, ReturnDetail, ReturnRow } from "../../ipc";
import { backend } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { OrderList } from "../orders/OrderList";
import { ReturnsPage } from "./ReturnsPage";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const row = (over: Partial<ReturnRow>): ReturnRow => ({
  key: "ret:onflow-1:OARSC1",
  accountId: "onflow-1",
  accountLabel: "Kho Onflow",
  vendor: "onflow",
  returnId: "OARSC1",
  vendorOrderId: "OASC1",
  reference: "SD-RT-01",
  stage: "requested",
  vendorStatus: "Mới tạo",
  send: null,
  error: null,
  createdAt: "2026-12-04T08:00:00+00:00",
  units: 2,
  cancellable: true,
  ...over,
});

const fresh = row({});
const restocked = row({ key: "ret:onflow-1:OARSC2", returnId: "OARSC2", vendorOrderId: "OASC2", reference: null, stage: "restocked", vendorStatus: "Đã nhập kho", cancellable: false });
const unclear = row({ key: "ref:SD-RT-03", returnId: null, vendorOrderId: "OASC3", reference: "SD-RT-03", vendorStatus: null, send: "unknown", cancellable: false });

const order = (over: Partial<OrderRow>): OrderRow => ({
  accountId: "onflow-1",
  vendor: "onflow",
  vendorOrderId: "OASC1",
  clientRef: null,
  customerName: "",
  phone: "",
  address: "",
  total: 0,
  cod: 0,
  status: "shipping",
  vendorStatus: "Đã bàn giao",
  vendorStatusCode: 300,
  createdAt: "2026-12-01T08:00:00.000Z",
  updatedAt: "2026-12-01T08:00:00.000Z",
  itemCount: 2,
  cancellable: false,
  ...over,
});

const detailOf = (r: ReturnRow): ReturnDetail => ({
  row: r,
  items: [{ itemId: "OASIN1", sku: "AT0001-DEN-M", name: "", quantity: 2, condition: null, restocked: r.stage === "restocked" ? true : null }],
  reason: "change_mind",
  note: null,
  courierTrackingCode: "RCTC-1",
  warehouseCode: "ONF_WH_HN_LB",
  order: order({ vendorOrderId: r.vendorOrderId }),
  offline: false,
});

let rows: ReturnRow[] = [];
let cancelled = false;

beforeEach(() => {
  rows = [unclear, fresh, restocked];
  cancelled = false;
  backend.reset({
    returnList: () => rows,
    returnsSync: () => null,
    returnDetail: (_account, id) => {
      const r = rows.find((x) => x.returnId === id) ?? fresh;
      return detailOf(cancelled ? { ...r, stage: "cancelled", vendorStatus: "Đã hủy", cancellable: false } : r);
    },
    returnCancel: (_account, id) => {
      cancelled = true;
      const r = rows.find((x) => x.returnId === id) ?? fresh;
      return detailOf({ ...r, stage: "cancelled", vendorStatus: "Đã hủy", cancellable: false });
    },
    returnRetry: (reference) => ({ ...unclear, reference }),
  });
});

function renderPage(path = "/returns") {
  renderApp(
    <MemoryRouter initialEntries={[path]}>
      <ReturnsPage />
    </MemoryRouter>,
  );
}

const rowOf = async (order: string) => {
  await screen.findAllByTestId("return-row");
  const found = screen.getAllByTestId("return-row").find((r) => r.getAttribute("data-order") === order);
  if (!found) throw new Error(`no return of ${order}`);
  return found;
};

describe("returns page", () => {
  it("lists every return with the vendor's status beside the stage, reads the vendors once, and filters by stage", async () => {
    renderPage();
    const r = await rowOf("OASC2");
    expect(r).toHaveAttribute("data-vendor", "onflow");
    expect(r).toHaveAttribute("data-status", "restocked");
    expect(within(r).getByTestId("return-stage")).toHaveTextContent(viText.returns.stage.restocked);
    expect(within(r).getByTestId("return-vendor-status")).toHaveTextContent("Đã nhập kho");
    expect(within(await rowOf("OASC3")).getByTestId("return-send")).toHaveTextContent(viText.inbound.send.unknown);
    expect(backend.callsOf("returnsSync")).toHaveLength(1);
    fireEvent.click(screen.getByTestId("return-filter-restocked"));
    await waitFor(() => expect(screen.getAllByTestId("return-row")).toHaveLength(1));
  });

  it("reads the vendors again on opening at most once a minute", async () => {
    const now = vi.spyOn(Date, "now");
    try {
      now.mockReturnValue(5_000_000);
      const open = async () => {
        renderPage();
        await rowOf("OASC2");
        cleanup();
      };
      await open();
      await open();
      expect(backend.callsOf("returnsSync")).toHaveLength(1);
      now.mockReturnValue(5_000_000 + 60_000);
      await open();
      expect(backend.callsOf("returnsSync")).toHaveLength(2);
    } finally {
      now.mockRestore();
    }
  });

  it("looks an unclear request up before any resend, from its row", async () => {
    renderPage();
    fireEvent.click(within(await rowOf("OASC3")).getByTestId("return-retry"));
    await waitFor(() => expect(backend.callsOf("returnRetry")).toEqual([["SD-RT-03"]]));
  });

  it("shows a return's order and lines, and cancels only after the confirmation", async () => {
    renderPage();
    fireEvent.click(await rowOf("OASC1"));
    const drawer = await screen.findByTestId("return-detail");
    expect(await within(drawer).findByTestId("return-order")).toHaveAttribute("data-order", "OASC1");
    expect(within(drawer).getByTestId("return-order-status")).toHaveAttribute("data-status", "shipping");
    expect(within(drawer).getByTestId("return-item")).toHaveAttribute("data-restocked", "");
    fireEvent.click(within(drawer).getByTestId("return-cancel"));
    expect(await screen.findByTestId("return-cancel-confirm")).toBeInTheDocument();
    expect(backend.callsOf("returnCancel")).toEqual([]);
    fireEvent.click(screen.getByTestId("return-cancel-confirm"));
    await waitFor(() => expect(backend.callsOf("returnCancel")).toEqual([["onflow-1", "OARSC1"]]));
    await waitFor(() => expect(screen.getByTestId("return-detail")).toHaveAttribute("data-status", "cancelled"));
    expect(screen.queryByTestId("return-cancel")).toBeNull();
  });

  it("opened for an order, shows only its returns and opens the one", async () => {
    renderPage("/returns?account=onflow-1&order=OASC2");
    const drawer = await screen.findByTestId("return-detail");
    expect(drawer).toHaveAttribute("data-return-id", "OARSC2");
    expect(screen.getByTestId("returns-order-filter")).toHaveAttribute("data-order", "OASC2");
    expect(screen.getAllByTestId("return-row").map((r) => r.getAttribute("data-order"))).toEqual(["OASC2"]);
    expect(await within(drawer).findByTestId("return-item")).toHaveAttribute("data-restocked", "true");
  });
});

describe("returns from an order", () => {
  beforeEach(() => {
    backend.reset({
      ordersList: () => ({ rows: [order({}), order({ vendorOrderId: "1042", vendor: "pancake", accountId: "pancake-1", status: "returning", vendorStatus: "Đang hoàn" })], total: 2 }),
      ordersStatusCounts: () => [],
      orderDetail: (_account, id) => ({ row: order({ vendorOrderId: id }), items: [], history: [], carrier: null, trackingCode: null }),
      returnsForOrder: () => [fresh],
      returnSubmit: (draft) => row({ key: `ref:${draft.reference}`, returnId: null, reference: draft.reference, send: "queued" }),
    });
  });

  function renderOrders() {
    renderApp(
      <MemoryRouter>
        <OrderList />
      </MemoryRouter>,
    );
  }

  it("requests a return for a handed-over Onflow order with a reference stored first, and lists the order's returns", async () => {
    renderOrders();
    const rows = await screen.findAllByTestId("order-row");
    const onflow = rows.find((r) => r.getAttribute("data-vendor-id") === "OASC1");
    if (!onflow) throw new Error("no Onflow row");
    fireEvent.click(onflow);
    const modal = await screen.findByTestId("order-detail");
    expect(await within(modal).findByTestId("order-return-link")).toHaveAttribute("data-return-id", "OARSC1");
    fireEvent.click(within(modal).getByTestId("order-return-new"));
    const form = await screen.findByTestId("return-form");
    await waitFor(() => expect(within(form).getByTestId("return-form-reference")).toHaveValue("SD-RT-0000000000000001"));
    fireEvent.click(within(form).getByTestId("return-form-submit"));
    await waitFor(() => expect(backend.callsOf("returnSubmit")).toHaveLength(1));
    const [draft] = backend.callsOf("returnSubmit")[0] ?? [];
    expect(draft).toMatchObject({ accountId: "onflow-1", vendorOrderId: "OASC1", reference: "SD-RT-0000000000000001", items: [], reason: "change_mind" });
  });

  it("puts a link to the returns on a returning order's row", async () => {
    renderOrders();
    const chips = await screen.findAllByTestId("order-return-chip");
    expect(chips.map((c) => c.getAttribute("data-order"))).toEqual(["1042"]);
  });
});
