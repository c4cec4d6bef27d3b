import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { PoImportView, PoRow } from "../../ipc";
import { backend, fail } from "../../test/fakeBackend";
import { useDataChangedInvalidation } from "../../queries/events";
import { renderApp } from "../../test/render";
import { InboundPage } from "./InboundPage";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

/** A PO of the preview as the backend answers it. */
const draftA: NonNullable<PoImportView["preview"]["pos"][number]["draft"]> = {
  accountId: "onflow-1",
  warehouseCode: "ONF_WH_HN_LB",
  reference: "PN-A",
  estimatedArrival: "2026-12-20",
  coInspection: false,
  packages: [
    {
      code: "K1",
      weight: 5000,
      length: null,
      width: null,
      height: null,
      note: null,
      items: [
        { oasin: "OASIN1", sku: "AO-1", name: "Áo 1", quantity: 20 },
        { oasin: "OASIN2", sku: "MU-1", name: "Mũ 1", quantity: 10 },
      ],
    },
    { code: "K2", weight: null, length: null, width: null, height: null, note: null, items: [{ oasin: "OASIN1", sku: "AO-1", name: "Áo 1", quantity: 5 }] },
  ],
  documents: [],
  note: null,
};

const line = (row: number, reference: string, packageCode: string, sku: string, quantity: number, name: string | null = null) => ({
  row,
  reference,
  packageCode,
  sku,
  name,
  quantity,
});

/** A file with two POs: PN-A (rows 2-4, two packages) valid, PN-B (rows 5-6) with an unknown SKU on row 6. */
const view: PoImportView = {
  fileName: "phieu-nhap.xlsx",
  preview: {
    pos: [
      { key: "PN-A", rows: [2, 3, 4], warehouseCode: "ONF_WH_HN_LB", packages: 2, units: 35, draft: draftA, errors: [] },
      {
        key: "PN-B",
        rows: [5, 6],
        warehouseCode: "ONF_WH_HN_LB",
        packages: 1,
        units: 10,
        draft: null,
        errors: [{ row: 6, column: "SKU", code: "sku.unknown", value: "KHONG-CO" }],
      },
    ],
    lines: [
      line(2, "PN-A", "K1", "AO-1", 20, "Áo 1"),
      line(3, "PN-A", "K1", "MU-1", 10, "Mũ 1"),
      line(4, "PN-A", "K2", "AO-1", 5, "Áo 1"),
      line(5, "PN-B", "B1", "AO-1", 7, "Áo 1"),
      line(6, "PN-B", "B1", "KHONG-CO", 3),
    ],
    validCount: 1,
    invalidCount: 1,
  },
};

const stored: PoRow = {
  key: "ref:PN-A",
  accountId: "onflow-1",
  accountLabel: "Kho Onflow",
  reference: "PN-A",
  poCode: null,
  warehouseCode: "ONF_WH_HN_LB",
  status: null,
  stage: "transit",
  send: "queued",
  error: null,
  lineErrors: [],
  createdAt: "2026-12-04T08:00:00+00:00",
  estimatedArrival: "2026-12-19T17:00:00+00:00",
  packages: 2,
  units: 35,
};

let list: PoRow[] = [];

beforeEach(() => {
  list = [];
  backend.reset({
    inboundTargets: () => [{ accountId: "onflow-1", label: "Kho Onflow", warehouses: [{ id: "ONF_WH_HN_LB", name: "Kho Hà Nội" }] }],
    poList: () => list,
    poSync: () => null,
    poImportPreview: () => view,
    poImportSend: (pos) => pos.map((d) => ({ key: d.reference, row: { ...stored, reference: d.reference }, error: null })),
    poImportReport: () => "/home/user/ket-qua-nhap-phieu.xlsx",
    poImportTemplate: (format) => `/home/user/mau-phieu-nhap-kho.${format}`,
  });
});

/** The page with the app's data-changed listener (as the shell mounts it). */
function Page() {
  useDataChangedInvalidation();
  return <InboundPage />;
}

function renderPage() {
  renderApp(
    <MemoryRouter>
      <Page />
    </MemoryRouter>,
  );
}

async function openPreview() {
  renderPage();
  const open = await screen.findByTestId("po-import-open");
  await waitFor(() => expect(open).toBeEnabled());
  fireEvent.click(open);
  const dialog = await screen.findByTestId("po-import");
  const pick = within(dialog).getByTestId("po-import-pick");
  await waitFor(() => expect(pick).toBeEnabled());
  fireEvent.click(pick);
  await within(dialog).findByTestId("po-import-preview");
  return dialog;
}

const stateOf = (dialog: HTMLElement, row: number) =>
  within(dialog)
    .getAllByTestId("po-import-row")
    .find((r) => r.getAttribute("data-row") === String(row))
    ?.getAttribute("data-state");

describe("goods in: POs from Excel", () => {
  it("saves the template from the import dialog", async () => {
    renderPage();
    const open = await screen.findByTestId("po-import-open");
    await waitFor(() => expect(open).toBeEnabled());
    fireEvent.click(open);
    fireEvent.click(await screen.findByTestId("po-import-template-xlsx"));
    await waitFor(() => expect(backend.callsOf("poImportTemplate")).toEqual([["xlsx"]]));
  });

  it("previews every row with its state and the bad row's message, nothing sent", async () => {
    const dialog = await openPreview();
    expect(backend.callsOf("poImportPreview")).toEqual([["onflow-1"]]);
    expect(within(dialog).getAllByTestId("po-import-row")).toHaveLength(5);
    expect([2, 3, 4, 5, 6].map((r) => stateOf(dialog, r))).toEqual(["ready", "ready", "ready", "blocked", "error"]);
    const error = within(dialog).getByTestId("po-import-row-error");
    expect(error).toHaveAttribute("data-row", "6");
    expect(error).toHaveAttribute("data-code", "sku.unknown");
    expect(error).toHaveTextContent(`Dòng 6 – SKU: ${viText.inbound.import.codes.sku.unknown} (KHONG-CO)`);
    expect(within(dialog).getByTestId("po-import-valid")).toHaveTextContent(viText.inbound.import.validCount.replace("{{count}}", "1"));
    const pos = within(dialog).getAllByTestId("po-import-po");
    expect(pos.map((p) => p.getAttribute("data-state"))).toEqual(["ready", "error"]);
    expect(pos[0]).toHaveTextContent("2 kiện · 35 sản phẩm");
    expect(backend.callsOf("poImportSend")).toEqual([]);
  });

  it("sends only the valid POs, follows them in the PO list and saves the report", async () => {
    const dialog = await openPreview();
    fireEvent.click(within(dialog).getByTestId("po-import-send"));
    await waitFor(() => expect(backend.callsOf("poImportSend")).toEqual([[[draftA]]]));
    const bar = await within(dialog).findByTestId("po-import-progress");
    expect(bar).toHaveAttribute("data-total", "1");
    expect(bar).toHaveAttribute("data-done", "0");
    expect(stateOf(dialog, 2)).toBe("queued");
    expect(within(dialog).getByTestId("po-import-report")).toBeDisabled();
    // the warehouse took it: the list says so after the backend's data-changed
    list = [{ ...stored, key: "po:onflow-1:OAPO1", poCode: "OAPO1", status: "TRANSIT", send: null }];
    await backend.emit("dataChanged", { kind: "inbound" });
    await waitFor(() => expect(bar).toHaveAttribute("data-done", "1"));
    expect([2, 3, 4, 5, 6].map((r) => stateOf(dialog, r))).toEqual(["sent", "sent", "sent", "blocked", "error"]);
    expect(within(dialog).getAllByTestId("po-import-po")[0]).toHaveAttribute("data-po-code", "OAPO1");
    const report = within(dialog).getByTestId("po-import-report");
    await waitFor(() => expect(report).toBeEnabled());
    fireEvent.click(report);
    await waitFor(() => expect(backend.callsOf("poImportReport")).toHaveLength(1));
    const [rows, format] = backend.callsOf("poImportReport")[0] ?? [];
    expect(format).toBe("xlsx");
    expect(rows).toEqual([
      { key: "PN-A", rows: [2, 3, 4], state: "created", reference: "PN-A", vendorOrderId: "OAPO1", error: null },
      {
        key: "PN-B",
        rows: [5, 6],
        state: "invalid",
        reference: null,
        vendorOrderId: null,
        error: `Dòng 6 – SKU: ${viText.inbound.import.codes.sku.unknown} (KHONG-CO)`,
      },
    ]);
  });

  it("shows a PO the journal refused when stored", async () => {
    backend.use({
      poImportSend: (pos) =>
        pos.map((d) => ({
          key: d.reference,
          row: null,
          error: { code: "validation", message: "reference: reference.duplicate", details: { fields: { reference: ["reference.duplicate"] } } },
        })),
    });
    const dialog = await openPreview();
    fireEvent.click(within(dialog).getByTestId("po-import-send"));
    const bar = await within(dialog).findByTestId("po-import-progress");
    await waitFor(() => expect(bar).toHaveAttribute("data-done", "1"));
    expect(stateOf(dialog, 2)).toBe("refused");
    expect(within(dialog).getByTestId("po-import-send-error")).toHaveTextContent(viText.inbound.import.codes.reference.duplicate);
  });

  it("explains a file it cannot use", async () => {
    backend.use({
      poImportPreview: () => fail("validation", "missing required column(s): Kho", { fields: { file: ["column.missing"] } }),
    });
    renderPage();
    const open = await screen.findByTestId("po-import-open");
    await waitFor(() => expect(open).toBeEnabled());
    fireEvent.click(open);
    const pick = await screen.findByTestId("po-import-pick");
    await waitFor(() => expect(pick).toBeEnabled());
    fireEvent.click(pick);
    const alert = await screen.findByTestId("po-import-file-error");
    expect(alert).toHaveAttribute("data-code", "column.missing");
    expect(alert).toHaveTextContent(viText.importFile.column.missing);
  });
});

describe("goods in: POs from Excel before the first stock sync", () => {
  it("waits for the account's warehouses before a file can be checked", async () => {
    backend.use({ inboundTargets: () => [{ accountId: "onflow-1", label: "Kho Onflow", warehouses: [] }] });
    renderPage();
    const open = await screen.findByTestId("po-import-open");
    await waitFor(() => expect(open).toBeEnabled());
    fireEvent.click(open);
    expect(await screen.findByTestId("po-import-not-synced")).toHaveTextContent(viText.inbound.import.notSynced);
    expect(screen.getByTestId("po-import-pick")).toBeDisabled();
  });
});
