import { fireEvent, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import { renderApp } from "../../test/render";
import { AccountsPage } from "./AccountsPage";

const backend = vi.hoisted(() => ({ calls: [] as string[] }));

vi.mock("../../ipc", async (orig) => {
  const real = await orig<typeof import("../../ipc")>();
  return {
    ...real,
    ipc: {
      workspace: async () => ({
        demo: false,
        accounts: [
          {
            id: "pancake-1",
            vendor: "pancake",
            label: "Shop Hà Nội",
            config: { vendor: "pancake", shopId: 7, shopName: "Áo Thun Hà Nội" },
            baseUrl: null,
            masks: [{ name: "apiKey", mask: "••••abcd" }],
            demo: false,
            expiryWarning: false,
            expired: false,
          },
          {
            id: "nhanh-1",
            vendor: "nhanh",
            label: "Nhanh chính",
            config: { vendor: "nhanh", appId: 1, businessId: 9, expiresAt: "2026-12-01T00:00:00Z", depotIds: [] },
            baseUrl: null,
            masks: [{ name: "accessToken", mask: "••••wxyz" }],
            demo: false,
            expiryWarning: true,
            expired: false,
          },
        ],
      }),
      onDataChanged: async () => () => undefined,
      pancakeShops: async (apiKey: string) => {
        backend.calls.push(`shops:${apiKey}`);
        throw new real.IpcError({ code: "Unauthorized", message: "api_key is invalid", details: { vendorCode: "105" } });
      },
      accountAdd: async () => {
        backend.calls.push("add");
        throw new real.IpcError({ code: "Validation", message: "label: required", details: { fields: { label: ["required"] } } });
      },
    },
  };
});

beforeEach(() => {
  backend.calls = [];
});

function renderPage() {
  renderApp(
    <MemoryRouter>
      <AccountsPage />
    </MemoryRouter>,
  );
}

describe("accounts page", () => {
  it("lists accounts with masks only and warns before a Nhanh token expires", async () => {
    renderPage();
    expect(await screen.findByText("Shop Hà Nội")).toBeInTheDocument();
    expect(screen.getByTestId("mask-apiKey")).toHaveTextContent("••••abcd");
    expect(screen.getByTestId("expiry-warning")).toHaveTextContent(viText.accounts.expiringSoon);
  });

  it("shows a wrong key's localized Unauthorized message inside the form, not as a toast", async () => {
    renderPage();
    fireEvent.click(await screen.findByTestId("add-account-button"));
    const key = await screen.findByTestId("field-apiKey");
    fireEvent.change(key, { target: { value: "sai-khoa" } });
    fireEvent.click(screen.getByTestId("find-shops"));
    const err = await screen.findByTestId("form-error");
    expect(err).toHaveTextContent(viText.errors.Unauthorized);
    expect(err).toHaveTextContent("105");
    expect(screen.queryByText(viText.errors.title)).toBeNull();
    expect(backend.calls).toEqual(["shops:sai-khoa"]);
  });

  it("shows field errors inline under the field", async () => {
    renderPage();
    fireEvent.click(await screen.findByTestId("add-account-button"));
    fireEvent.click(await screen.findByText(viText.vendors.onflow));
    fireEvent.click(await screen.findByTestId("connect"));
    await waitFor(() => expect(screen.getByText(viText.validation.required)).toBeInTheDocument());
    expect(backend.calls).toEqual(["add"]);
  });
});
