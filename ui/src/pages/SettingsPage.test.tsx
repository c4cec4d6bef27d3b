import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Shell } from "../App";
import viText from "../i18n/vi.json";
import { backend, fail } from "../test/fakeBackend";
import { renderApp } from "../test/render";
import { SAVE_AFTER_MS } from "./StockSettingsCard";

vi.mock("../ipc/bindings", async (orig) => (await import("../test/fakeBackend")).fakeBindings(await orig()));

beforeEach(() => backend.reset({ appInfo: () => ({ name: "ShopDesk", version: "1.4.2", channel: "stable" }) }));

/** The settings page inside the app shell (so the update banner is there too), after the start-up check. */
async function openSettings() {
  renderApp(
    <MemoryRouter initialEntries={["/settings"]}>
      <Shell />
    </MemoryRouter>,
  );
  await screen.findByTestId("settings-check-update");
  await waitFor(() => expect(backend.callsOf("updateCheck")).toHaveLength(1));
  await act(() => new Promise((r) => setTimeout(r, 50)));
}

describe("settings: updates and diagnostics", () => {
  it("shows the running version and says when it is the latest", async () => {
    await openSettings();
    expect(screen.getByText(viText.settings.updates)).toBeInTheDocument();
    expect((await screen.findByTestId("settings-version")).textContent).toBe("1.4.2");
    expect(screen.queryByTestId("settings-update-result")).toBeNull();
    fireEvent.click(screen.getByTestId("settings-check-update"));
    expect(await screen.findByTestId("settings-update-result")).toHaveTextContent(viText.settings.upToDate);
    expect(backend.callsOf("updateCheck")).toHaveLength(2);
    expect(screen.queryByTestId("update-banner")).toBeNull();
  });

  it("shows a version the user put off when they ask, and offers it in the banner again", async () => {
    backend.offerUpdate({ version: "1.5.0", notes: "Sửa lỗi", skipped: true });
    await openSettings();
    expect(screen.queryByTestId("update-banner")).toBeNull();
    fireEvent.click(screen.getByTestId("settings-check-update"));
    expect(await screen.findByTestId("settings-update-result")).toHaveTextContent(
      viText.settings.updateAvailable.replace("{{version}}", "1.5.0"),
    );
    expect(await screen.findByTestId("update-banner")).toBeInTheDocument();
    expect(screen.getByTestId("update-version").textContent).toBe("1.5.0");
    // "Để sau" again puts it away
    fireEvent.click(screen.getByTestId("update-later"));
    await waitFor(() => expect(screen.queryByTestId("update-banner")).toBeNull());
    expect(backend.callsOf("updateSkip")).toEqual([["1.5.0"]]);
  });

  it("explains a failed manual check by its error code", async () => {
    backend.use({ updateCheck: () => fail("timeout", "operation timed out") });
    await openSettings();
    // the automatic check failed quietly
    expect(screen.queryByText(viText.errors.title)).toBeNull();
    fireEvent.click(screen.getByTestId("settings-check-update"));
    const error = await screen.findByTestId("settings-update-error");
    expect(error).toHaveAttribute("data-code", "timeout");
    expect(error).toHaveTextContent(viText.errors.timeout);
    expect(screen.queryByText(/timed out/)).toBeNull();
    expect(screen.queryByTestId("settings-update-result")).toBeNull();
  });

  it("exports the diagnostics bundle and shows where it went", async () => {
    backend.use({ diagnosticsExport: () => ({ path: "/home/lan/Tải về/shopdesk-chan-doan.zip", entries: ["logs/app.log"] }) });
    await openSettings();
    expect(screen.getByText(viText.settings.diagnosticsHint)).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("settings-export-diagnostics"));
    expect((await screen.findByTestId("settings-diagnostics-result")).textContent).toBe("/home/lan/Tải về/shopdesk-chan-doan.zip");
    expect(backend.callsOf("diagnosticsExport")).toHaveLength(1);
  });

  it("shows nothing when the save dialog is cancelled", async () => {
    backend.use({ diagnosticsExport: () => null });
    await openSettings();
    fireEvent.click(screen.getByTestId("settings-export-diagnostics"));
    await waitFor(() => expect(backend.callsOf("diagnosticsExport")).toHaveLength(1));
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(screen.queryByTestId("settings-diagnostics-result")).toBeNull();
    expect(screen.queryByText(viText.errors.title)).toBeNull();
  });
});

describe("settings: the stock figures", () => {
  beforeEach(() =>
    backend.use({
      setStockSettings: (low, interval, budget) => ({
        language: "vi",
        demoDismissed: false,
        lowStockThreshold: low,
        syncIntervalSeconds: interval,
        syncBudgetPercent: budget,
        updateSkippedVersion: null,
        lowStockMuted: false,
      }),
    }),
  );
  const pause = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

  it("saves a number once the user pauses typing, not on every keystroke, and says it is saved", async () => {
    await openSettings();
    const input = screen.getByTestId("low-threshold");
    for (const typed of ["1", "12", "120"]) {
      fireEvent.change(input, { target: { value: typed } });
      await pause(100);
    }
    expect(backend.callsOf("setStockSettings")).toEqual([]);
    await pause(SAVE_AFTER_MS + 200);
    expect(backend.callsOf("setStockSettings")).toEqual([[120, 0, 30]]);
    expect(await screen.findByTestId("stock-settings-state")).toHaveTextContent(viText.settings.saved);
    // leaving the field does not save the same figures again
    fireEvent.blur(input);
    await pause(50);
    expect(backend.callsOf("setStockSettings")).toHaveLength(1);
  });

  it("saves at once when the user leaves the field", async () => {
    await openSettings();
    const input = screen.getByTestId("sync-interval");
    fireEvent.change(input, { target: { value: "9" } });
    fireEvent.change(input, { target: { value: "90" } });
    fireEvent.blur(input);
    await waitFor(() => expect(backend.callsOf("setStockSettings")).toEqual([[5, 90, 30]]));
    await pause(SAVE_AFTER_MS + 200);
    expect(backend.callsOf("setStockSettings")).toHaveLength(1);
  });

  it("saves the share of the rate budget the scheduled syncs may use, keeping the other stock settings", async () => {
    await openSettings();
    expect(screen.getByText(viText.settings.syncBudgetHint)).toBeInTheDocument();
    const input = screen.getByTestId("sync-budget");
    expect(input).toHaveValue("30%");
    fireEvent.change(input, { target: { value: "50" } });
    fireEvent.blur(input);
    await waitFor(() => expect(backend.callsOf("setStockSettings")).toEqual([[5, 0, 50]]));
    // out of range: not sent while it stays so; leaving the field brings it to the smallest share, which is saved
    fireEvent.change(input, { target: { value: "2" } });
    await pause(SAVE_AFTER_MS + 200);
    expect(backend.callsOf("setStockSettings")).toHaveLength(1);
    fireEvent.blur(input);
    await waitFor(() => expect(backend.callsOf("setStockSettings")).toEqual([[5, 0, 50], [5, 0, 5]]));
    expect(input).toHaveValue("5%");
  });
});
