import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";
import viText from "./i18n/vi.json";
import { landingHash, launch } from "./launch";
import type { HomeSummary } from "./ipc";
import { makeQueryClient } from "./providers";
import { keys } from "./queries/keys";
import { backend, fail, HOME_SUMMARY } from "./test/fakeBackend";
import { renderAppWith } from "./test/render";

vi.mock("./ipc/bindings", async (orig) => (await import("./test/fakeBackend")).fakeBindings(await orig()));

const HOME: HomeSummary = { ...HOME_SUMMARY, today: { orders: 3, revenue: 450000, cancelled: 0 } };

beforeEach(() => {
  window.history.replaceState(null, "", "#");
});

describe("launch", () => {
  it("opens on Home when the address names no page, and keeps a page it names", () => {
    expect(landingHash("")).toBe("#/home");
    expect(landingHash("#/")).toBe("#/home");
    expect(landingHash("#/stock")).toBeNull();
  });

  it("asks the first screen's data at once, and the Stock page's first rows only once Home's figures are on screen", async () => {
    let answerHome: (() => void) | undefined;
    const homeAnswered = new Promise<void>((r) => (answerHome = r));
    backend.reset({
      homeSummary: async () => {
        await homeAnswered;
        return HOME;
      },
    });
    const client = makeQueryClient();
    launch(client);
    expect(window.location.hash).toBe("#/home");
    // the settings, the recovery check and the figures, none waiting on another
    await waitFor(() => expect(backend.calls.map((c) => c.name).sort()).toEqual(["getSettings", "homeSummary", "recoveryStatus"]));
    answerHome?.();
    await waitFor(() => expect(client.getQueryData(keys.home.summary())).toBeDefined());
    expect(backend.callsOf("stockGrid")).toHaveLength(0);
    renderAppWith(client, <App />);
    expect(await screen.findByTestId("page-home")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("home")).toHaveAttribute("data-state", "ready"));
    await waitFor(() => expect(backend.callsOf("stockGrid")).toHaveLength(1));
    expect(backend.callsOf("uiFirstRows")).toHaveLength(1);
  });

  it("shows the recovery screen, and no error for the figures it did not need, when a database cannot be opened", async () => {
    backend.reset({
      recoveryStatus: () => ({ dataDir: "/data", problems: [{ file: "stockCache", path: "/data/shopdesk.sqlite", kind: "corrupt" }] }),
      homeSummary: () => fail("internal", "state not managed"),
    });
    const client = makeQueryClient();
    launch(client);
    renderAppWith(client, <App />);
    expect(await screen.findByText(viText.recovery.title)).toBeInTheDocument();
    await waitFor(() => expect(backend.callsOf("homeSummary")).toHaveLength(1));
    expect(screen.queryByText(viText.errors.title)).toBeNull();
    expect(backend.callsOf("stockGrid")).toHaveLength(0);
  });
});
