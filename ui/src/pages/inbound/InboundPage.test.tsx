import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { CatalogItem, JobUpdate, LineCheck, PoDetail, PoRow } from "../../ipc";
import { backend, fail } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { InboundPage } from "./InboundPage";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const row = (over: Partial<PoRow>): PoRow => ({
  key: "po:onflow-1:PO001",
  accountId: "onflow-1",
  accountLabel: "Kho Onflow",
  reference: "SD-PO-01",
  poCode: "PO001",
  warehouseCode: "ONF_WH_HN_LB",
  status: "TRANSIT",
  stage: "transit",
  send: null,
  error: null,
  lineErrors: [],
  createdAt: "2026-12-04T08:00:00+00:00",
  estimatedArrival: "2026-12-09T17:00:00+00:00",
  packages: 2,
  units: 30,
  ...over,
});

const transit = row({});
const receiving = row({ key: "po:onflow-1:PO002", reference: "SD-PO-02", poCode: "PO002", status: "RECEIVING", stage: "receiving" });
const refused = row({
  key: "ref:SD-PO-03",
  reference: "SD-PO-03",
  poCode: null,
  status: null,
  send: "failed",
  error: { code: "vendorRejected", message: "PRODUCTS_INACTIVE: OASIN2", details: { vendorCode: "PRODUCTS_INACTIVE" } },
  lineErrors: [{ package: 0, line: 1, code: "PRODUCTS_INACTIVE" }],
});
const unclear = row({ key: "ref:SD-PO-04", reference: "SD-PO-04", poCode: null, status: null, send: "unknown" });

const shirt: CatalogItem = {
  vendorProductId: "OASIN1",
  vendorVariationId: "",
  sku: "AT0001-DEN-M",
  barcode: null,
  name: "Áo thun đen M",
  priceVnd: null,
  stock: [{ vendorWhId: "ONF_WH_HN_LB", warehouseName: "Kho Hà Nội", available: 4, onHand: 4 }],
};

const detailOf = (r: PoRow, cancellable: boolean): PoDetail => ({
  row: r,
  packages: [
    {
      code: "PKG_01",
      weight: 1200,
      length: 30,
      width: 20,
      height: 10,
      note: null,
      items: [{ oasin: "OASIN1", sku: "AT0001-DEN-M", name: "Áo thun đen M", quantity: 10 }],
    },
  ],
  documents: [{ url: "https://files.example/hd.pdf", name: "Hoá đơn.pdf", printQuantity: 2 }],
  coInspection: true,
  note: null,
  inspection: null,
  cancellable,
  offline: false,
});

let rows: PoRow[] = [];
let lineState: LineCheck["state"] = "ready";
let cancelled = false;

beforeEach(() => {
  rows = [transit, receiving, refused, unclear];
  lineState = "ready";
  cancelled = false;
  backend.reset({
    inboundTargets: () => [{ accountId: "onflow-1", label: "Kho Onflow", warehouses: [{ id: "ONF_WH_HN_LB", name: "Kho Hà Nội" }] }],
    poList: () => rows,
    poSync: () => null,
    poNewReference: () => "SD-PO-NEW0000001",
    catalogSearch: () => [shirt],
    inboundCheckLines: (_account, _warehouse, oasins) => oasins.map((oasin) => ({ oasin, state: lineState, vendorStatus: lineState === "ready" ? "ACTIVE" : "INACTIVE" })),
    filesList: () => [],
    poDetail: (_account, code) => {
      const r = rows.find((x) => x.poCode === code) ?? transit;
      return cancelled ? detailOf({ ...r, status: "CANCELLED", stage: "cancelled" }, false) : detailOf(r, r.stage === "transit");
    },
    poCancel: (_account, code) => {
      cancelled = true;
      const r = rows.find((x) => x.poCode === code) ?? transit;
      return detailOf({ ...r, status: "CANCELLED", stage: "cancelled" }, false);
    },
    poBill: () => "https://files.example/bill-PO001.pdf",
  });
});

function renderPage() {
  renderApp(
    <MemoryRouter>
      <InboundPage />
    </MemoryRouter>,
  );
}

const rowOf = async (reference: string) => {
  await screen.findAllByTestId("po-row");
  const found = screen.getAllByTestId("po-row").find((r) => r.getAttribute("data-reference") === reference);
  if (!found) throw new Error(`no row ${reference}`);
  return found;
};

async function pickInSelect(testId: string, optionText: string, typed?: string, container: HTMLElement = document.body) {
  const input = await within(container).findByTestId(testId);
  fireEvent.focus(input);
  fireEvent.click(input);
  if (typed !== undefined) fireEvent.change(input, { target: { value: typed } });
  const option = await within(container).findByText(optionText, { exact: false }, { timeout: 2000 });
  fireEvent.click(option);
}

async function openFormWithShirt() {
  renderPage();
  fireEvent.click(await screen.findByTestId("po-new"));
  const form = await screen.findByTestId("po-form");
  await waitFor(() => expect(within(form).getByTestId("po-reference")).toHaveValue("SD-PO-NEW0000001"));
  const pkg = within(form).getByTestId("po-package");
  await pickInSelect("po-item-search", "AT0001-DEN-M · Áo thun đen M", "AT0", pkg);
  await within(pkg).findByTestId("po-line");
  return form;
}

describe("goods in: the list", () => {
  it("shows the vendor's own status labels, with an explanation for the documented ones", async () => {
    renderPage();
    const t = await rowOf("SD-PO-01");
    expect(t).toHaveAttribute("data-status", "TRANSIT");
    expect(t).toHaveAttribute("data-po-code", "PO001");
    expect(t).toHaveAttribute("data-send", "");
    expect(within(t).getByTestId("po-status")).toHaveTextContent("TRANSIT");
    expect(within(t).getByTestId("po-status-help")).toHaveTextContent(viText.inbound.vendorStatus.TRANSIT);
    expect(within(t).getByText("Kho Hà Nội")).toBeInTheDocument();
    expect(within(t).getByText("10/12/2026")).toBeInTheDocument();

    const r = await rowOf("SD-PO-02");
    expect(within(r).getByTestId("po-status")).toHaveTextContent("RECEIVING");
    expect(within(r).queryByTestId("po-status-help")).toBeNull();
    // the page read the warehouse's POs when it opened
    expect(backend.callsOf("poSync")).toHaveLength(1);
  });

  it("reads the warehouse again on opening at most once a minute, and at once from its button or after a failed read", async () => {
    const now = vi.spyOn(Date, "now");
    try {
      now.mockReturnValue(1_000_000);
      const open = async () => {
        renderPage();
        await rowOf("SD-PO-01");
        cleanup();
      };
      await open();
      await open();
      expect(backend.callsOf("poSync"), "back within a minute: the list shown is the one just read").toHaveLength(1);
      now.mockReturnValue(1_000_000 + 60_000);
      await open();
      expect(backend.callsOf("poSync"), "a minute later: read again").toHaveLength(2);

      renderPage();
      fireEvent.click(await screen.findByTestId("po-sync"));
      await waitFor(() => expect(backend.callsOf("poSync")).toHaveLength(3));
      cleanup();

      now.mockReturnValue(1_000_000 + 180_000);
      backend.use({ poSync: () => fail("network", "offline") });
      renderPage();
      await screen.findByTestId("po-sync-error");
      cleanup();
      backend.use({ poSync: () => null });
      await open();
      expect(backend.callsOf("poSync"), "a failed read does not count").toHaveLength(5);
    } finally {
      now.mockRestore();
    }
  });

  it("shows a refused PO's reason on its lines and asks before discarding it", async () => {
    renderPage();
    const r = await rowOf("SD-PO-03");
    expect(r).toHaveAttribute("data-send", "failed");
    expect(within(r).getByTestId("po-send")).toHaveTextContent(viText.inbound.send.failed);
    expect(within(r).getByTestId("po-error")).toHaveAttribute("data-code", "vendorRejected");
    expect(within(r).getByTestId("po-line-error")).toHaveTextContent(`Kiện 1, dòng 2: ${viText.inbound.lineErrors.PRODUCTS_INACTIVE}`);
    backend.use({ poDiscard: () => null });
    fireEvent.click(within(r).getByTestId("po-discard"));
    expect(await screen.findByText(viText.inbound.list.discardBody)).toBeInTheDocument();
    expect(backend.callsOf("poDiscard")).toEqual([]);
    fireEvent.click(screen.getByTestId("po-discard-confirm"));
    await waitFor(() => expect(backend.callsOf("poDiscard")).toEqual([["SD-PO-03"]]));
  });

  it("checks an unclear send again at the vendor", async () => {
    backend.use({ poRetry: (reference) => ({ ...unclear, reference, send: "sending" }) });
    renderPage();
    const r = await rowOf("SD-PO-04");
    expect(within(r).getByTestId("po-send")).toHaveTextContent(viText.inbound.send.unknown);
    fireEvent.click(within(r).getByTestId("po-retry"));
    await waitFor(() => expect(backend.callsOf("poRetry")).toEqual([["SD-PO-04"]]));
  });

  it("keeps the saved list when the vendor cannot be reached, with a notice", async () => {
    backend.use({ poSync: () => fail("network", "offline") });
    renderPage();
    expect(await screen.findByTestId("po-sync-error")).toHaveTextContent(viText.inbound.list.syncFailed);
    expect(screen.getAllByTestId("po-row")).toHaveLength(4);
  });

  it("says what to do when there is no PO yet", async () => {
    rows = [];
    renderPage();
    expect(await screen.findByTestId("empty-state")).toHaveTextContent(viText.inbound.list.emptyTitle);
  });
});

describe("goods in: the PO form", () => {
  it("sends the draft to Rust and shows each field error at its input", async () => {
    backend.use({
      poSubmit: () =>
        fail("validation", "invalid", {
          fields: { reference: ["reference.duplicate"], "packages.0.items.0.quantity": ["quantity.invalid"] },
        }),
    });
    const form = await openFormWithShirt();
    const flag = await within(form).findByTestId("po-line-flag");
    await waitFor(() => expect(flag).toHaveAttribute("data-state", "ready"), { timeout: 3000 });
    const submit = within(form).getByTestId("po-submit");
    await waitFor(() => expect(submit).toBeEnabled());
    fireEvent.click(submit);

    expect(await within(form).findByText(viText.inbound.validation.reference.duplicate)).toBeInTheDocument();
    expect(within(form).getByTestId("po-reference")).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByTestId("po-item-qty")).toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByText(viText.inbound.validation.quantity.invalid)).toBeInTheDocument();
    expect(within(form).getByTestId("po-invalid")).toHaveTextContent(viText.inbound.form.fixErrors);

    const [draft] = backend.callsOf("poSubmit")[0] ?? [];
    expect(draft).toMatchObject({
      accountId: "onflow-1",
      warehouseCode: "ONF_WH_HN_LB",
      reference: "SD-PO-NEW0000001",
      coInspection: false,
      documents: [],
      note: null,
    });
    expect(draft?.packages).toEqual([
      {
        code: "PKG_01",
        weight: null,
        length: null,
        width: null,
        height: null,
        note: null,
        items: [{ oasin: "OASIN1", sku: "AT0001-DEN-M", name: "Áo thun đen M", quantity: 1 }],
      },
    ]);
    // the products were checked for the chosen warehouse
    expect(backend.callsOf("inboundCheckLines").at(-1)).toEqual(["onflow-1", "ONF_WH_HN_LB", ["OASIN1"]]);
  });

  it("flags a product the warehouse would refuse and keeps the PO from being sent", async () => {
    lineState = "inactive";
    const form = await openFormWithShirt();
    const flag = within(form).getByTestId("po-line-flag");
    await waitFor(() => expect(flag).toHaveAttribute("data-state", "inactive"), { timeout: 3000 });
    expect(flag).toHaveTextContent(viText.inbound.lineState.inactive);
    expect(within(form).getByTestId("po-submit")).toBeDisabled();
    expect(within(form).getByTestId("po-not-ready")).toBeInTheDocument();
    // removing the line lets it go
    fireEvent.click(within(form).getByTestId("po-remove-line"));
    await waitFor(() => expect(within(form).getByTestId("po-submit")).toBeEnabled());
    expect(backend.callsOf("poSubmit")).toEqual([]);
  });

  it("picks an invoice uploaded on the spot once its upload is done", async () => {
    const uploaded = {
      id: 9,
      accountId: "onflow-1",
      name: "Hoá đơn nhập.pdf",
      size: 1024,
      kind: "pdf" as const,
      mime: "application/pdf",
      sha256: "cd",
      url: "https://files.example/hd-nhap.pdf",
      uploadedAt: "2026-12-04T08:00:00Z",
    };
    let jobs: JobUpdate[] = [];
    backend.use({ filesUploadPick: () => [21], filesJobs: () => jobs });
    const form = await openFormWithShirt();
    fireEvent.click(within(form).getByTestId("po-documents-upload"));
    await waitFor(() => expect(backend.callsOf("filesUploadPick")).toEqual([["onflow-1"]]));
    const job = (jobId: number, name: string, patch: Partial<JobUpdate>): JobUpdate => ({
      jobId,
      accountId: "onflow-1",
      name,
      state: "queued",
      sent: 0,
      total: 1024,
      file: null,
      error: null,
      ...patch,
    });
    // the queue answers as the backend does: the event, then the list with the library file
    const settle = async (next: JobUpdate[]) => {
      jobs = next;
      const last = next.at(-1);
      if (last) await act(() => backend.emit("fileJob", { jobId: last.jobId, accountId: last.accountId, name: last.name, state: last.state, sent: last.sent, total: last.total }));
    };
    await settle([job(21, uploaded.name, { state: "checking" })]);
    expect(within(form).queryByTestId("po-document")).toBeNull();
    // an upload started elsewhere (the Files page) is not picked
    const other = { ...uploaded, id: 10, url: "https://files.example/khac.pdf", name: "khac.pdf" };
    await settle([job(21, uploaded.name, { state: "uploading" }), job(22, "khac.pdf", { state: "done", file: other })]);
    await settle([job(22, "khac.pdf", { state: "done", file: other }), job(21, uploaded.name, { state: "done", sent: 1024, file: uploaded })]);
    const picked = await within(form).findByTestId("po-document");
    expect(picked).toHaveTextContent(uploaded.name);
    expect(within(form).getAllByTestId("po-document")).toHaveLength(1);

    const flag = within(form).getByTestId("po-line-flag");
    await waitFor(() => expect(flag).toHaveAttribute("data-state", "ready"), { timeout: 3000 });
    backend.use({ poSubmit: () => fail("validation", "invalid", { fields: { reference: ["reference.duplicate"] } }) });
    fireEvent.click(within(form).getByTestId("po-submit"));
    await waitFor(() => expect(backend.callsOf("poSubmit")).toHaveLength(1));
    const [draft] = backend.callsOf("poSubmit")[0] ?? [];
    expect(draft?.documents).toEqual([{ url: uploaded.url, name: uploaded.name, printQuantity: 1 }]);
  });

  it("numbers new packages and adds them", async () => {
    renderPage();
    fireEvent.click(await screen.findByTestId("po-new"));
    const form = await screen.findByTestId("po-form");
    fireEvent.click(within(form).getByTestId("po-add-package"));
    const codes = within(form)
      .getAllByTestId("po-package-code")
      .map((i) => (i as HTMLInputElement).value);
    expect(codes).toEqual(["PKG_01", "PKG_02"]);
  });
});

describe("goods in: a PO's detail", () => {
  it("asks before cancelling, and cancels once", async () => {
    renderPage();
    fireEvent.click(within(await rowOf("SD-PO-01")).getByText("PO001"));
    const detail = await screen.findByTestId("po-detail");
    fireEvent.click(await within(detail).findByTestId("po-cancel"));
    expect(await screen.findByText(viText.inbound.detail.cancelBody)).toBeInTheDocument();
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(backend.callsOf("poCancel")).toEqual([]);
    fireEvent.click(screen.getByTestId("po-cancel-confirm"));
    await waitFor(() => expect(backend.callsOf("poCancel")).toEqual([["onflow-1", "PO001"]]));
    await waitFor(() => expect(within(screen.getByTestId("po-detail")).getByTestId("po-status")).toHaveTextContent("CANCELLED"));
    expect(screen.queryByTestId("po-cancel")).toBeNull();
    expect(backend.callsOf("poCancel")).toHaveLength(1);
  });

  it("keeps the PO when the owner changes their mind", async () => {
    renderPage();
    fireEvent.click(within(await rowOf("SD-PO-01")).getByText("PO001"));
    fireEvent.click(await screen.findByTestId("po-cancel"));
    fireEvent.click(await screen.findByText(viText.inbound.detail.keep));
    await waitFor(() => expect(screen.queryByText(viText.inbound.detail.cancelBody)).toBeNull());
    expect(backend.callsOf("poCancel")).toEqual([]);
  });

  it("highlights each line received ≠ declared and totals the differences", async () => {
    const completed = row({ status: "COMPLETED", stage: "completed" });
    rows = [completed];
    backend.use({
      poDetail: () => ({
        ...detailOf(completed, false),
        inspection: [
          { packageCode: "PKG_01", oasin: "OASIN1", sku: "AT0001-DEN-M", declared: 10, received: 8, putaway: 8, stockLevel: "GOOD" },
          { packageCode: "PKG_01", oasin: "OASIN2", sku: "AT0002", declared: 5, received: 5, putaway: 5, stockLevel: "GOOD" },
        ],
      }),
    });
    renderPage();
    fireEvent.click(within(await rowOf("SD-PO-01")).getByText("PO001"));
    const table = await screen.findByTestId("po-inspection");
    const diffs = within(table).getAllByTestId("po-inspection-diff");
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toHaveTextContent("AT0001-DEN-M");
    expect(diffs[0]).toHaveTextContent("-2");
    expect(within(table).getAllByTestId("po-inspection-row")).toHaveLength(1);
    expect(screen.getByTestId("po-inspection-total")).toHaveAttribute("data-net", "-2");
    expect(screen.queryByTestId("po-cancel")).toBeNull();
  });

  it("shows the bill in the app", async () => {
    renderPage();
    fireEvent.click(within(await rowOf("SD-PO-01")).getByText("PO001"));
    fireEvent.click(await screen.findByTestId("po-bill"));
    expect(await screen.findByTestId("po-bill-frame")).toHaveAttribute("src", "https://files.example/bill-PO001.pdf");
    expect(backend.callsOf("poBill")).toEqual([["onflow-1", "PO001"]]);
  });
});
