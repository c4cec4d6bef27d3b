import { fireEvent, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import { backend, fail } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { AccountsPage } from "./AccountsPage";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

beforeEach(() => {
  backend.reset({
    workspace: () => ({
      demo: false,
      unreadableAccounts: 0,
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
    pancakeShops: () => fail("unauthorized", "api_key is invalid", { vendorCode: "105" }),
    accountAdd: () => fail("validation", "label: required", { fields: { label: ["required"] } }),
  });
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
    expect(err).toHaveTextContent(viText.errors.unauthorized);
    expect(err).toHaveTextContent("105");
    expect(screen.queryByText(viText.errors.title)).toBeNull();
    expect(backend.callsOf("pancakeShops")).toEqual([["sai-khoa", null]]);
    expect(backend.callsOf("accountAdd")).toEqual([]);
  });

  it("shows field errors inline under the field", async () => {
    renderPage();
    fireEvent.click(await screen.findByTestId("add-account-button"));
    fireEvent.click(await screen.findByText(viText.vendors.onflow));
    fireEvent.click(await screen.findByTestId("connect"));
    await waitFor(() => expect(screen.getByText(viText.validation.required)).toBeInTheDocument());
    expect(backend.callsOf("accountAdd")).toHaveLength(1);
    expect(backend.callsOf("pancakeShops")).toEqual([]);
  });
});
