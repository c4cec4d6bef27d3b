import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../i18n/vi.json";
import type { UpdateFailure } from "../ipc";
import { backend, fail } from "../test/fakeBackend";
import { renderApp } from "../test/render";
import { UpdateBanner } from "./UpdateBanner";

vi.mock("../ipc/bindings", async (orig) => (await import("../test/fakeBackend")).fakeBindings(await orig()));

const NOTES = "Sửa lỗi đồng bộ Pancake\n- Nhanh: hiện phí vận chuyển\n<b>không phải HTML</b>";

beforeEach(() => backend.reset());

/** Let the start-up check answer and the banner render what it answered. */
async function checked() {
  await waitFor(() => expect(backend.callsOf("updateCheck")).toHaveLength(1));
  await act(() => new Promise((r) => setTimeout(r, 50)));
}

describe("update banner", () => {
  it("offers an available update with its release notes as plain text", async () => {
    backend.offerUpdate({ version: "0.2.0", notes: NOTES });
    renderApp(<UpdateBanner />);
    const banner = await screen.findByTestId("update-banner");
    expect(screen.getByTestId("update-version").textContent).toBe("0.2.0");
    expect(banner).toHaveTextContent(viText.update.available.replace("<v>{{version}}</v>", "0.2.0"));
    const notes = screen.getByTestId("update-notes");
    // line breaks kept, markup shown as text
    expect(notes.textContent).toBe(NOTES);
    expect(notes).toHaveStyle({ whiteSpace: "pre-wrap" });
    expect(notes.querySelector("b")).toBeNull();
    expect(screen.getByTestId("update-install")).toHaveTextContent(viText.update.installNow);
    expect(screen.getByTestId("update-later")).toHaveTextContent(viText.update.later);
  });

  it("stays hidden when there is no update, and when the user put this version off", async () => {
    const { unmount } = renderApp(<UpdateBanner />);
    await checked();
    expect(screen.queryByTestId("update-banner")).toBeNull();
    unmount();

    backend.reset();
    backend.offerUpdate({ version: "0.2.0", notes: NOTES, skipped: true });
    renderApp(<UpdateBanner />);
    await checked();
    expect(screen.queryByTestId("update-banner")).toBeNull();
  });

  it("checks again every 6 hours", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      renderApp(<UpdateBanner />);
      await checked();
      act(() => vi.advanceTimersByTime(6 * 60 * 60 * 1000 - 60_000));
      expect(backend.callsOf("updateCheck")).toHaveLength(1);
      backend.offerUpdate({ version: "0.2.0" });
      act(() => vi.advanceTimersByTime(60_000));
      expect(await screen.findByTestId("update-banner")).toBeInTheDocument();
      expect(backend.callsOf("updateCheck")).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("says nothing when the automatic check fails, and does not retry it", async () => {
    backend.use({ updateCheck: () => fail("network", "dns error") });
    renderApp(<UpdateBanner />);
    await checked();
    expect(screen.queryByTestId("update-banner")).toBeNull();
    expect(screen.queryByText(viText.errors.title)).toBeNull();
    expect(backend.callsOf("updateCheck")).toHaveLength(1);
  });

  it("remembers “Để sau” for this version and hides the banner", async () => {
    backend.offerUpdate({ version: "0.2.0" });
    renderApp(<UpdateBanner />);
    fireEvent.click(await screen.findByTestId("update-later"));
    await waitFor(() => expect(backend.callsOf("updateSkip")).toEqual([["0.2.0"]]));
    await waitFor(() => expect(screen.queryByTestId("update-banner")).toBeNull());
    expect(backend.callsOf("updateInstall")).toEqual([]);
  });

  it("shows the download's progress from events, then why the update did not install", async () => {
    backend.offerUpdate({ version: "0.2.0" });
    let finish: (r: UpdateFailure) => void = () => undefined;
    backend.use({ updateInstall: () => new Promise<UpdateFailure>((r) => (finish = r)) });
    renderApp(<UpdateBanner />);
    fireEvent.click(await screen.findByTestId("update-install"));
    await waitFor(() => expect(backend.callsOf("updateInstall")).toEqual([["0.2.0"]]));

    // before the first event the size is unknown
    const bar = await screen.findByTestId("update-progress");
    expect(bar).toHaveAttribute("data-indeterminate", "true");
    expect(screen.queryByTestId("update-install")).toBeNull();
    expect(screen.queryByTestId("update-later")).toBeNull();

    await act(() => backend.emit("updateProgress", { version: "0.2.0", downloaded: 50, total: 200, installing: false }));
    await waitFor(() => expect(screen.getByTestId("update-progress")).toHaveAttribute("data-value", "25"));
    expect(screen.getByTestId("update-progress")).not.toHaveAttribute("data-indeterminate");
    expect(screen.getByTestId("update-progress-text")).toHaveTextContent("25%");

    // progress of another version is not this download's
    await act(() => backend.emit("updateProgress", { version: "0.3.0", downloaded: 190, total: 200, installing: false }));
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(screen.getByTestId("update-progress")).toHaveAttribute("data-value", "25");
    await act(() => backend.emit("updateProgress", { version: "0.2.0", downloaded: 120, total: null, installing: false }));
    await waitFor(() => expect(screen.getByTestId("update-progress")).toHaveAttribute("data-indeterminate", "true"));

    await act(() => backend.emit("updateProgress", { version: "0.2.0", downloaded: 200, total: 200, installing: true }));
    await waitFor(() => expect(screen.getByTestId("update-progress-text")).toHaveTextContent(viText.update.installing));

    await act(async () => finish("signature"));
    const error = await screen.findByTestId("update-error");
    expect(error).toHaveAttribute("data-reason", "signature");
    expect(error).toHaveTextContent(viText.update.failed.signature);
    expect(error).toHaveTextContent(viText.update.stillRunning);
    expect(screen.queryByTestId("update-progress")).toBeNull();

    // try again: a fresh download, without the old progress
    backend.use({ updateInstall: () => new Promise<UpdateFailure>(() => undefined) });
    fireEvent.click(screen.getByTestId("update-retry"));
    await waitFor(() => expect(backend.callsOf("updateInstall")).toHaveLength(2));
    expect(await screen.findByTestId("update-progress")).toHaveAttribute("data-indeterminate", "true");
    expect(screen.queryByTestId("update-error")).toBeNull();
  });

  it.each(["network", "signature", "changed", "install"] as const)("explains a failed install (%s)", async (reason) => {
    backend.offerUpdate({ version: "0.2.0" }, reason);
    renderApp(<UpdateBanner />);
    fireEvent.click(await screen.findByTestId("update-install"));
    const error = await screen.findByTestId("update-error");
    expect(error).toHaveAttribute("data-reason", reason);
    expect(error).toHaveTextContent(viText.update.failed[reason]);
    expect(error).toHaveTextContent(viText.update.stillRunning);
  });

  it("checks again when another version is now offered", async () => {
    backend.offerUpdate({ version: "0.2.0" }, "changed");
    renderApp(<UpdateBanner />);
    fireEvent.click(await screen.findByTestId("update-install"));
    expect(await screen.findByTestId("update-error")).toHaveAttribute("data-reason", "changed");
    backend.offerUpdate({ version: "0.2.1" });
    fireEvent.click(screen.getByTestId("update-retry"));
    await waitFor(() => expect(screen.getByTestId("update-version").textContent).toBe("0.2.1"));
    expect(backend.callsOf("updateCheck")).toHaveLength(2);
    expect(backend.callsOf("updateInstall")).toEqual([["0.2.0"]]);
    expect(screen.queryByTestId("update-error")).toBeNull();
    expect(screen.getByTestId("update-install")).toBeInTheDocument();
  });
});
