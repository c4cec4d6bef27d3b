import { fireEvent, screen, within, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { RecoveryView } from "./ipc";
import en from "./i18n/en.json";
import viText from "./i18n/vi.json";
import i18n, { initI18n } from "./i18n";
import { MemoryRouter } from "react-router-dom";
import { Shell } from "./App";
import { renderApp } from "./test/render";

import { backend, fail } from "./test/fakeBackend";

vi.mock("./ipc/bindings", async (orig) => (await import("./test/fakeBackend")).fakeBindings(await orig()));

const state = {
  language: "vi" as "vi" | "en",
  failNext: null as null | { code: "keyringLocked"; message: string; details?: { vendorCode?: string } },
  recovery: null as null | RecoveryView,
};

beforeEach(async () => {
  state.language = "vi";
  state.recovery = null;
  state.failNext = null;
  backend.reset({
    recoveryStatus: () => state.recovery,
    recoveryRebuildCaches: () => {
      state.recovery = null;
      return null;
    },
    recoveryRetry: () => state.recovery,
    recoverySetAside: () => null,
    workspace: () => ({ demo: true, accounts: [], unreadableAccounts: 0 }),
    getSettings: () => ({ language: state.language, demoDismissed: false, lowStockThreshold: 5, syncIntervalSeconds: 0, syncBudgetPercent: 30, updateSkippedVersion: null, lowStockMuted: false }),
    setLanguage: (language) => {
      if (state.failNext) {
        const e = state.failNext;
        state.failNext = null;
        fail(e.code, e.message, e.details);
      }
      state.language = language;
      return { language, demoDismissed: false, lowStockThreshold: 5, syncIntervalSeconds: 0, syncBudgetPercent: 30, updateSkippedVersion: null, lowStockMuted: false };
    },
  });
  initI18n("vi");
  await i18n.changeLanguage("vi");
});

describe("app shell", () => {
  it("shows the Vietnamese navigation, the overview first, and opens the home page at launch", async () => {
    renderApp(
      <MemoryRouter initialEntries={["/"]}>
        <Shell />
      </MemoryRouter>,
    );
    const home = await screen.findByTestId("nav-home");
    expect(home).toHaveTextContent(viText.nav.home);
    expect(home.compareDocumentPosition(screen.getByTestId("nav-stock")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(await screen.findByTestId("page-title")).toHaveTextContent(viText.pages.home.title);
    expect(screen.getByTestId("page-home")).toBeInTheDocument();
    expect(screen.getByTestId("empty-state")).toHaveTextContent(viText.pages.home.emptyTitle);
  });

  it("opens the stock page from the navigation", async () => {
    renderApp(
      <MemoryRouter initialEntries={["/"]}>
        <Shell />
      </MemoryRouter>,
    );
    fireEvent.click(await screen.findByTestId("nav-stock"));
    // loaded when first opened
    const page = await screen.findByTestId("page-stock");
    expect(within(page).getByTestId("page-title")).toHaveTextContent(viText.pages.stock.title);
    expect(screen.getByTestId("empty-state")).toHaveTextContent(viText.pages.stock.emptyTitle);
  });

  it("opens each page from the navigation", async () => {
    renderApp(
      <MemoryRouter initialEntries={["/"]}>
        <Shell />
      </MemoryRouter>,
    );
    for (const page of ["orders", "products", "files", "accounts", "settings"] as const) {
      fireEvent.click(await screen.findByTestId(`nav-${page}`));
      await waitFor(() => expect(screen.getByTestId("page-title")).toHaveTextContent(viText.pages[page].title));
    }
  });

  it("opens goods in from the navigation, after the orders", async () => {
    renderApp(
      <MemoryRouter initialEntries={["/"]}>
        <Shell />
      </MemoryRouter>,
    );
    const inbound = await screen.findByTestId("nav-inbound");
    expect(inbound).toHaveTextContent(viText.nav.inbound);
    expect(screen.getByTestId("nav-orders").compareDocumentPosition(inbound) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    fireEvent.click(inbound);
    await waitFor(() => expect(screen.getByTestId("page-title")).toHaveTextContent(viText.inbound.title));
    expect(await screen.findByTestId("empty-state")).toHaveTextContent(viText.inbound.list.emptyTitle);
  });

  it("opens returns from the navigation, right after the orders", async () => {
    renderApp(
      <MemoryRouter initialEntries={["/"]}>
        <Shell />
      </MemoryRouter>,
    );
    const returns = await screen.findByTestId("nav-returns");
    expect(returns).toHaveTextContent(viText.nav.returns);
    expect(screen.getByTestId("nav-orders").compareDocumentPosition(returns) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    fireEvent.click(returns);
    await waitFor(() => expect(screen.getByTestId("page-title")).toHaveTextContent(viText.returns.title));
    expect(await screen.findByTestId("empty-state")).toHaveTextContent(viText.returns.list.emptyTitle);
  });

  it("shows the demo badge while the demo workspace runs", async () => {
    renderApp(
      <MemoryRouter initialEntries={["/"]}>
        <Shell />
      </MemoryRouter>,
    );
    expect(await screen.findByTestId("demo-badge")).toHaveTextContent(viText.demo.badge);
  });

  it("starts in the persisted language", async () => {
    state.language = "en";
    renderApp(
      <MemoryRouter initialEntries={["/"]}>
        <Shell />
      </MemoryRouter>,
    );
    await waitFor(() => expect(screen.getByTestId("nav-stock")).toHaveTextContent(en.nav.stock));
  });

  it("switches language through the backend", async () => {
    renderApp(
      <MemoryRouter initialEntries={["/"]}>
        <Shell />
      </MemoryRouter>,
    );
    fireEvent.click(await screen.findByTestId("nav-settings"));
    fireEvent.click(await screen.findByText(viText.settings.english));
    await waitFor(() => expect(screen.getByTestId("nav-orders")).toHaveTextContent(en.nav.orders));
    expect(state.language).toBe("en");
  });

  it("shows a failed call as a localized toast chosen by the error code", async () => {
    state.failNext = { code: "keyringLocked", message: "org.freedesktop.Secret.Error.IsLocked", details: { vendorCode: "X1" } };
    renderApp(
      <MemoryRouter initialEntries={["/"]}>
        <Shell />
      </MemoryRouter>,
    );
    fireEvent.click(await screen.findByTestId("nav-settings"));
    fireEvent.click(await screen.findByText(viText.settings.english));
    expect(await screen.findByText(viText.errors.title)).toBeInTheDocument();
    expect(screen.getByText(new RegExp(viText.errors.keyringLocked.slice(0, 30)))).toBeInTheDocument();
    expect(screen.queryByText(/IsLocked/)).toBeNull();
    // the language did not change
    expect(screen.getByTestId("nav-stock")).toHaveTextContent(viText.nav.stock);
  });

  it("opens a recovery screen instead of the app when a database cannot be opened", async () => {
    state.recovery = {
      dataDir: "/data",
      problems: [
        { file: "stockCache", path: "/data/shopdesk.sqlite", kind: "corrupt" },
        { file: "outbox", path: "/data/orders.sqlite", kind: "newer" },
      ],
    };
    renderApp(
      <MemoryRouter initialEntries={["/"]}>
        <Shell />
      </MemoryRouter>,
    );
    expect(await screen.findByText(viText.recovery.title)).toBeInTheDocument();
    expect(screen.queryByTestId("nav-stock")).toBeNull();
    expect(screen.getByText("/data/shopdesk.sqlite")).toBeInTheDocument();
    expect(screen.getByText(viText.recovery.kind.newer)).toBeInTheDocument();
    // the outbox is only set aside after a confirmation; the cache can be rebuilt at once
    fireEvent.click(screen.getByTestId("recovery-set-aside"));
    expect(await screen.findByText(viText.recovery.confirmTitle)).toBeInTheDocument();
    fireEvent.click(screen.getByText(viText.common.cancel));
    fireEvent.click(screen.getByTestId("recovery-rebuild"));
    await waitFor(() => expect(backend.callsOf("recoveryRebuildCaches")).toHaveLength(1));
  });
});
