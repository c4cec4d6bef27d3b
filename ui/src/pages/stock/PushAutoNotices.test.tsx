import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { AccountView, PushAuto } from "../../ipc";
import { backend } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { PushAutoNotices } from "./PushAutoNotices";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const accounts = [
  { id: "pc-1", vendor: "pancake", name: "Shop Pancake" },
  { id: "nh-1", vendor: "nhanh", name: "Shop Nhanh" },
] as unknown as AccountView[];
const AT = "2026-12-03T08:00:00Z";

let autos: PushAuto[] = [];
beforeEach(() => {
  autos = [];
  backend.reset({ pushAutoStatus: () => autos });
});

describe("automatic push notices", () => {
  it("shows nothing while the automatic mode had nothing to push", async () => {
    autos = [{ accountId: "pc-1", at: AT, outcome: { kind: "nothingToDo" } }];
    renderApp(<PushAutoNotices accounts={accounts} onPreview={() => undefined} />);
    await waitFor(() => expect(backend.callsOf("pushAutoStatus").length).toBeGreaterThan(0));
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(screen.queryByTestId("push-auto")).toBeNull();
  });

  it("says why a push waits for the user and opens its preview", async () => {
    autos = [
      {
        accountId: "pc-1",
        at: AT,
        outcome: { kind: "held", trip: { kind: "tooLargeMove", idx: 3, sku: "AT-01", current: 0, target: 400, maxMove: 50 } },
      },
    ];
    const preview = vi.fn();
    renderApp(<PushAutoNotices accounts={accounts} onPreview={preview} />);
    const notice = await screen.findByTestId("push-auto");
    expect(notice).toHaveAttribute("data-kind", "held");
    expect(notice).toHaveTextContent(viText.push.tripMove.replace("{{sku}}", "AT-01").replace("{{max}}", "50"));
    fireEvent.click(screen.getByTestId("push-auto-preview"));
    expect(preview).toHaveBeenCalledWith("pc-1");
  });

  it("says another desktop pushed and this one stands down", async () => {
    autos = [
      { accountId: "nh-1", at: AT, outcome: { kind: "stoodDown", other: { installation: "desk7", marker: "ShopDesk#desk7:9:1", at: AT } } },
    ];
    renderApp(<PushAutoNotices accounts={accounts} onPreview={() => undefined} />);
    const notice = await screen.findByTestId("push-auto");
    expect(notice).toHaveAttribute("data-kind", "stoodDown");
    expect(notice).toHaveTextContent("desk7");
  });

  it("follows a started run to its result, and a new outcome replaces the old one", async () => {
    autos = [{ accountId: "pc-1", at: AT, outcome: { kind: "started", run: 42 } }];
    renderApp(<PushAutoNotices accounts={accounts} onPreview={() => undefined} />);
    const notice = await screen.findByTestId("push-auto");
    expect(notice).toHaveAttribute("data-state", "running");
    const counts = { planned: 0, skipped: 0, sending: 0, done: 3, already: 0, failed: 0, needsAttention: 0 };
    await backend.emit("pushProgress", {
      run: 42,
      accountId: "pc-1",
      rowsTotal: 3,
      rowsSettled: 3,
      counts,
      status: "done",
      finished: true,
    });
    await waitFor(() => expect(screen.getByTestId("push-auto")).toHaveAttribute("data-state", "done"));
    expect(screen.getByTestId("push-auto")).toHaveTextContent(viText.push.status.done);

    autos = [{ accountId: "pc-1", at: "2026-12-03T09:00:00Z", outcome: { kind: "nothingToDo" } }];
    await backend.emit("pushAuto", autos[0] as PushAuto);
    await waitFor(() => expect(screen.queryByTestId("push-auto")).toBeNull());
  });
});
