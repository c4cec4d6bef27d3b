import { act, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import enText from "../../i18n/en.json";
import viText from "../../i18n/vi.json";
import type { OutboxEntry } from "../../ipc";
import { backend } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { OutboxList } from "./OutboxList";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const draft: OutboxEntry["draft"] = {
  customer: { name: "Nguyễn Thị Lan", phone: "0912345678", email: null },
  address: { line1: "12 Lê Lợi", line2: null, ward: null, district: null, province: null, geo: { provinceId: null, districtId: null, wardId: null } },
  items: [{ sku: "AT0001", productId: "p1", variationId: null, quantity: 1, unitPrice: 199000, discount: 0 }],
  orderDiscount: 0,
  shippingFee: 30000,
  cod: null,
  note: null,
  target: { accountId: "pancake-1", vendor: "pancake", warehouseId: "A" },
  extras: { onflow: null, nhanh: null, pancake: null },
};

const entry = (id: number, state: OutboxEntry["state"], error: OutboxEntry["error"], lastError: string | null): OutboxEntry => ({
  id,
  clientRef: `SD-000000000000000${id}`,
  accountId: "pancake-1",
  vendor: "pancake",
  draft,
  total: 229000,
  cod: 229000,
  state,
  attempts: 1,
  vendorOrderId: null,
  error,
  lastError,
  nextAttemptAt: null,
  createdAt: "2025-11-20T08:00:00.000Z",
  updatedAt: "2025-11-20T08:00:00.000Z",
  previousRefs: [],
  supersededBy: null,
  dismissedAt: null,
});

beforeEach(() =>
  backend.reset({
    workspace: () => ({ demo: false, unreadableAccounts: 0, accounts: [] }),
    orderOutbox: () => ({
      entries: [
        entry(3, "unknown", { code: "noAnswer", detail: "timed out" }, null),
        entry(2, "failed", { code: "refused", detail: "validation failed (ERR_PHONE): phone" }, null),
        // written by a version before the codes: its sentence is shown as it is
        entry(1, "unknown", null, "interrupted while sending"),
      ],
      unreadable: [],
    }),
  }),
);

afterEach(async () => {
  await act(() => i18n.changeLanguage("vi"));
});

function errors() {
  return screen.getAllByTestId("outbox-error");
}

describe("outbox: why an order is not created, in the user's language", () => {
  it("shows each stored code's text in Vietnamese, then in English, with the vendor's detail beside it", async () => {
    renderApp(
      <MemoryRouter>
        <OutboxList />
      </MemoryRouter>,
    );
    await waitFor(() => expect(errors()).toHaveLength(3));
    const [noAnswer, refused, legacy] = errors() as [HTMLElement, HTMLElement, HTMLElement];
    expect(noAnswer).toHaveAttribute("data-code", "noAnswer");
    expect(noAnswer).toHaveTextContent(viText.orders.outbox.codes.noAnswer);
    expect(within(noAnswer).getByTestId("outbox-error-detail")).toHaveTextContent("Chi tiết: timed out");
    expect(refused).toHaveTextContent(viText.orders.outbox.codes.refused);
    expect(refused).toHaveTextContent("ERR_PHONE");
    expect(legacy).toHaveAttribute("data-code", "");
    expect(legacy).toHaveTextContent("interrupted while sending");

    await act(() => i18n.changeLanguage("en"));
    await waitFor(() => expect(errors()[0]).toHaveTextContent(enText.orders.outbox.codes.noAnswer));
    expect(errors()[0]).toHaveTextContent("Details: timed out");
    expect(errors()[1]).toHaveTextContent(enText.orders.outbox.codes.refused);
    expect(errors()[2]).toHaveTextContent("interrupted while sending");
    expect(enText.orders.outbox.codes.noAnswer).not.toBe(viText.orders.outbox.codes.noAnswer);
  });
});
