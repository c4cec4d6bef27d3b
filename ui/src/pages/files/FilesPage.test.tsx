import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import viText from "../../i18n/vi.json";
import type { JobUpdate, LibraryFile } from "../../ipc";
import { backend } from "../../test/fakeBackend";
import { renderApp } from "../../test/render";
import { FilesPage } from "./FilesPage";

vi.mock("../../ipc/bindings", async (orig) => (await import("../../test/fakeBackend")).fakeBindings(await orig()));

const job = (jobId: number, name: string, patch: Partial<JobUpdate>): JobUpdate => ({
  jobId,
  accountId: "onflow-1",
  name,
  state: "queued",
  sent: 0,
  total: 0,
  file: null,
  error: null,
  ...patch,
});

const invoice: LibraryFile = {
  id: 7,
  accountId: "onflow-1",
  name: "Hóa đơn tháng 3.pdf",
  size: 2048,
  kind: "pdf",
  mime: "application/pdf",
  sha256: "ab",
  url: "https://files.example/hoa-don.pdf",
  uploadedAt: "2026-11-24T07:05:00Z",
};

let library: LibraryFile[] = [];

beforeEach(() => {
  library = [invoice];
  backend.reset({
    workspace: () => ({
      demo: false,
      unreadableAccounts: 0,
      accounts: [
        {
          id: "onflow-1",
          vendor: "onflow",
          label: "Kho Onflow",
          config: { vendor: "onflow", environment: "staging" },
          baseUrl: null,
          masks: [],
          demo: false,
          expiryWarning: false,
          expired: false,
        },
      ],
    }),
    filesJobs: () => [
      job(1, "to-qua.pdf", { state: "rejected", error: { code: "file.too_large", message: "too large", vendorCode: null } }),
      job(2, "mat-mang.png", { state: "failed", sent: 10, total: 100, error: { code: "network", message: "offline", vendorCode: null } }),
      job(3, "dang-gui.pdf", { state: "uploading", sent: 10, total: 100 }),
    ],
    filesList: () => library,
    filesRetry: () => true,
    filesCancel: () => true,
    filesRemove: (id) => {
      library = library.filter((f) => f.id !== id);
      return true;
    },
    filesUploadPaths: (_account, paths) => paths.map((_, i) => 10 + i),
  });
});

function renderPage() {
  renderApp(
    <MemoryRouter>
      <FilesPage />
    </MemoryRouter>,
  );
}

const row = (name: string) => document.querySelector(`[data-testid="file-job"][data-name="${name}"]`) as HTMLElement;

describe("files page", () => {
  it("shows the queue with localized reasons and live progress", async () => {
    renderPage();
    await screen.findByTestId("files-jobs");
    expect(row("to-qua.pdf")).toHaveAttribute("data-state", "rejected");
    expect(within(row("to-qua.pdf")).getByTestId("file-job-error")).toHaveTextContent(
      viText.files.codes.file.too_large.replace("{{max}}", "10 MB"),
    );
    expect(within(row("mat-mang.png")).getByTestId("file-job-error")).toHaveTextContent(viText.errors.network);
    expect(within(row("dang-gui.pdf")).getByTestId("file-job-progress")).toHaveAttribute("data-value", "10");
    await backend.emit("fileJob", { jobId: 3, accountId: "onflow-1", name: "dang-gui.pdf", state: "uploading", sent: 60, total: 100 });
    await waitFor(() => expect(within(row("dang-gui.pdf")).getByTestId("file-job-progress")).toHaveAttribute("data-value", "60"));
  });

  it("retries a failed upload, cancels a running one, and offers nothing for a refused file", async () => {
    renderPage();
    await screen.findByTestId("files-jobs");
    expect(within(row("to-qua.pdf")).queryByRole("button")).toBeNull();
    fireEvent.click(within(row("mat-mang.png")).getByText(viText.files.retry));
    fireEvent.click(within(row("dang-gui.pdf")).getByText(viText.common.cancel));
    await waitFor(() => expect(backend.callsOf("filesRetry")).toEqual([[2]]));
    await waitFor(() => expect(backend.callsOf("filesCancel")).toEqual([[3]]));
  });

  it("queues files dropped on the window for the chosen Onflow account", async () => {
    renderPage();
    await screen.findByTestId("files-dropzone");
    await waitFor(() => expect(backend.callsOf("filesJobs").length).toBeGreaterThan(0));
    await backend.dropFiles(["/home/lan/hoa-don.pdf"]);
    await waitFor(() => expect(backend.callsOf("filesUploadPaths")).toEqual([["onflow-1", ["/home/lan/hoa-don.pdf"]]]));
  });

  it("lists the library, searches it in Rust and removes a file", async () => {
    renderPage();
    const item = await screen.findByTestId("library-row");
    expect(item).toHaveAttribute("data-name", invoice.name);
    expect(item).toHaveTextContent("2 KB");
    fireEvent.change(screen.getByPlaceholderText(viText.files.search), { target: { value: "hoa don" } });
    await waitFor(() => expect(backend.callsOf("filesList").at(-1)).toEqual([{ search: "hoa don", kind: null, accountId: null }]));
    fireEvent.click(within(await screen.findByTestId("library-row")).getByLabelText(viText.files.remove));
    // asked first: nothing is removed before the user confirms
    expect(await screen.findByText(viText.files.removeTitle)).toBeInTheDocument();
    expect(screen.getByTestId("confirm-modal")).toHaveTextContent(invoice.name);
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(backend.callsOf("filesRemove")).toEqual([]);
    fireEvent.click(screen.getByTestId("library-remove-confirm"));
    await waitFor(() => expect(backend.callsOf("filesRemove")).toEqual([[7]]));
    expect(await screen.findByText(viText.files.libraryEmpty)).toBeInTheDocument();
  });

  it("keeps the file when the user changes their mind", async () => {
    renderPage();
    fireEvent.click(within(await screen.findByTestId("library-row")).getByTestId("library-remove"));
    fireEvent.click(await screen.findByTestId("confirm-dismiss"));
    await waitFor(() => expect(screen.queryByText(viText.files.removeTitle)).toBeNull());
    expect(backend.callsOf("filesRemove")).toEqual([]);
    expect(screen.getByTestId("library-row")).toHaveAttribute("data-name", invoice.name);
  });

  it("says so when there is no Onflow account", async () => {
    backend.use({ workspace: () => ({ demo: false, unreadableAccounts: 0, accounts: [] }) });
    renderPage();
    expect(await screen.findByText(viText.files.noOnflowTitle)).toBeInTheDocument();
    expect(backend.callsOf("filesJobs")).toEqual([]);
  });
});
