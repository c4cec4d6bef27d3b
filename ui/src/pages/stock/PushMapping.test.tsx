import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { PushMapping as View } from "../../ipc";
import { backend } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { PushMapping } from "./PushMapping";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const view: View = {
  warehouses: [
    { vendorWhId: "hn", name: "Kho Hà Nội", onflow: [1], saved: false },
    { vendorWhId: "hcm", name: "Kho HCM", onflow: [], saved: true },
  ],
  onflow: [
    { id: 1, vendorWhId: "OF-HN", name: "Onflow Hà Nội" },
    { id: 2, vendorWhId: "OF-HCM", name: "Onflow HCM" },
  ],
};

beforeEach(() => backend.reset({ pushMapping: () => view, pushSetMapping: () => null }));

describe("push warehouse mapping", () => {
  it("shows each POS warehouse's feed, whether the owner chose it, and saves the whole mapping", async () => {
    const saved = vi.fn();
    renderApp(<PushMapping accountId="pc-1" onSaved={saved} />);
    const rows = await screen.findAllByTestId("push-mapping-row");
    expect(rows.map((r) => r.getAttribute("data-warehouse"))).toEqual(["Kho Hà Nội", "Kho HCM"]);
    expect(rows[0]).toHaveTextContent(viText.push.mapping.default);
    expect(rows[1]).toHaveTextContent(viText.push.mapping.saved);
    fireEvent.click(screen.getByTestId("push-mapping-save"));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(backend.callsOf("pushSetMapping")[0]).toEqual(["pc-1", { feeds: { hn: [1], hcm: [] } }]);
  });

  it("goes back to the default proposal", async () => {
    const saved = vi.fn();
    renderApp(<PushMapping accountId="pc-1" onSaved={saved} />);
    fireEvent.click(await screen.findByTestId("push-mapping-reset"));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(backend.callsOf("pushSetMapping")[0]).toEqual(["pc-1", null]);
  });
});
