import { fireEvent, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../i18n/vi.json";
import type { AddressOption } from "../ipc";
import { backend } from "../test/fakeBackend";
import { renderApp } from "../test/render";
import { AddressPicker, addressComplete, type PickedAddress } from "./AddressPicker";

const legacy = (ward: string, code: string) => ({
  provinceCode: "79",
  provinceName: "Thành phố Hồ Chí Minh",
  districtCode: "760",
  districtName: "Quận 1",
  wardCode: code,
  wardName: ward,
});
const n = (ward: string, code: string, isDefault: boolean) => ({
  provinceCode: "79",
  provinceName: "Thành phố Hồ Chí Minh",
  wardCode: code,
  wardName: ward,
  isDefault,
});

// one exact legacy ward, and one split across two 2025 wards
const OPTIONS: AddressOption[] = [
  { key: "L:26740", typed: "legacy", street: "12 Lê Lợi", new: n("Phường Sài Gòn", "26740", true), legacy: legacy("Phường Bến Nghé", "26740"), newChoices: [], legacyChoices: [] },
  {
    key: "L:26743",
    typed: "legacy",
    street: null,
    new: null,
    legacy: legacy("Phường Đa Kao", "26743"),
    newChoices: [n("Phường Tân Định", "26734", false), n("Phường Sài Gòn", "26740", true)],
    legacyChoices: [],
  },
];

vi.mock("../ipc/bindings", async (orig) => (await import("../test/fakeBackend")).fakeBindings(await orig()));

beforeEach(() => backend.reset({ addressSuggest: () => OPTIONS }));

let last: PickedAddress = { street: "", option: null };
function Harness() {
  const [v, setV] = useState<PickedAddress>({ street: "", option: null });
  last = v;
  return <AddressPicker value={v} onChange={setV} />;
}

async function pick(label: string) {
  const input = screen.getByTestId("address-search");
  fireEvent.focus(input);
  fireEvent.click(input);
  fireEvent.change(input, { target: { value: "phuong q1" } });
  const option = await screen.findByText(label, {}, { timeout: 2000 });
  fireEvent.click(option);
}

describe("address picker", () => {
  it("shows the 2025 and the old form together and fills the street from the typed line", async () => {
    renderApp(<Harness />);
    await pick("Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh");
    await waitFor(() => expect(screen.getByTestId("address-new")).toHaveTextContent("Phường Sài Gòn, Thành phố Hồ Chí Minh"));
    expect(screen.getByTestId("address-legacy")).toHaveTextContent("Phường Bến Nghé, Quận 1");
    expect(screen.queryByTestId("address-split")).toBeNull();
    expect(last.street).toBe("12 Lê Lợi");
    expect(addressComplete(last)).toBe(true);
  });

  it("asks which new ward when the old ward was split, and is complete only after the choice", async () => {
    renderApp(<Harness />);
    await pick("Phường Đa Kao, Quận 1, Thành phố Hồ Chí Minh");
    const split = await screen.findByTestId("address-split");
    expect(split).toHaveTextContent(viText.address.splitQuestion);
    expect(split).toHaveTextContent(viText.address.officialDefault);
    expect(addressComplete(last)).toBe(false);
    fireEvent.click(screen.getByLabelText("Phường Tân Định, Thành phố Hồ Chí Minh"));
    await waitFor(() => expect(addressComplete(last)).toBe(true));
    expect(last.option?.new?.wardName).toBe("Phường Tân Định");
    expect(screen.getByTestId("address-new")).toHaveTextContent("Phường Tân Định");
  });
});
