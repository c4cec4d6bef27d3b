// The keyboard shortcuts: "?" lists them, each one does its action, and none fires while typing in a field.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Shell } from "../App";
import viText from "../i18n/vi.json";
import type { OrderRow } from "../ipc";
import { SHORTCUTS } from "../lib/shortcuts";
import { backend } from "../test/fakeBackend";
import { renderApp } from "../test/render";
import { accountView } from "../test/accounts";

vi.mock("../ipc/bindings", async (orig) => (await import("../test/fakeBackend")).fakeBindings(await orig()));

const account = accountView("pancake-1", "pancake", "Shop Hà Nội");

beforeEach(() => {
  backend.reset({
    workspace: () => ({ demo: false, unreadableAccounts: 0, accounts: [account] }),
    // 120 orders: three pages of 50
    ordersList: () => ({ rows: [] as OrderRow[], total: 120 }),
  });
});

function renderAt(path: string) {
  renderApp(
    <MemoryRouter initialEntries={[path]}>
      <Shell />
    </MemoryRouter>,
  );
}

const press = (key: string, init: Partial<KeyboardEventInit> = {}, target: Element = document.body) => fireEvent.keyDown(target, { key, ...init });

describe("keyboard shortcuts", () => {
  it("'?' opens the overlay listing every shortcut, in the user's language", async () => {
    renderAt("/orders");
    await screen.findByTestId("page-orders");
    expect(screen.queryByTestId("shortcuts-overlay")).toBeNull();
    press("?", { shiftKey: true });
    const overlay = await screen.findByTestId("shortcuts-overlay");
    const ids = within(overlay)
      .getAllByTestId("shortcut-row")
      .map((r) => r.getAttribute("data-id"));
    expect(ids).toEqual([...SHORTCUTS.map((s) => s.id), "scan"]);
    expect(overlay).toHaveTextContent(viText.shortcuts.newOrder);
    expect(overlay).toHaveTextContent(viText.shortcuts.sync);
    expect(within(overlay).getAllByText("Ctrl").length).toBeGreaterThan(0);
  });

  it("mod+N opens a new order, mod+shift+S syncs, '/' focuses the page's search", async () => {
    renderAt("/orders");
    await screen.findByTestId("page-orders");
    press("/");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("orders-search")));
    // typing in the search: "?" is a character there, not the overlay
    press("?", { shiftKey: true }, screen.getByTestId("orders-search"));
    expect(screen.queryByTestId("shortcuts-overlay")).toBeNull();
    // Escape leaves the field, and the shortcuts work again
    press("Escape", {}, screen.getByTestId("orders-search"));
    expect(document.activeElement).not.toBe(screen.getByTestId("orders-search"));

    press("S", { ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(backend.callsOf("syncNow")).toHaveLength(1));
    press("n", { ctrlKey: true });
    expect(await screen.findByTestId("page-order-form")).toBeInTheDocument();
  });

  it("alt+→ / alt+← turn the pages of a paged list, within its pages", async () => {
    renderAt("/orders");
    await screen.findByTestId("page-orders");
    await waitFor(() => expect(backend.callsOf("ordersList").length).toBeGreaterThan(0));
    const offsets = () => backend.callsOf("ordersList").map(([f]) => f.offset);
    press("ArrowLeft", { altKey: true });
    press("ArrowRight", { altKey: true });
    await waitFor(() => expect(offsets()).toContain(50));
    press("ArrowRight", { altKey: true });
    await waitFor(() => expect(offsets()).toContain(100));
    // the last page: nothing further
    press("ArrowRight", { altKey: true });
    press("ArrowLeft", { altKey: true });
    await waitFor(() => expect(offsets().at(-1)).toBe(50));
    expect(offsets().every((o) => o !== undefined && o >= 0 && o <= 100)).toBe(true);
  });
});
