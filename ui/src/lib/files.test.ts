import { describe, expect, it } from "vitest";
import type { JobUpdate } from "../ipc";
import { canRetry, formatBytes, isActive, isFailed, jobErrorText, liveJob, previewable } from "./files";

const job = (patch: Partial<JobUpdate>): JobUpdate => ({
  jobId: 1,
  accountId: "onflow-1",
  name: "hoa-don.pdf",
  state: "Queued",
  sent: 0,
  total: 0,
  file: null,
  error: null,
  ...patch,
});

describe("file rules", () => {
  it("formats sizes in B, KB and whole MB with Vietnamese grouping", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(2048)).toBe("2 KB");
    expect(formatBytes(1000 * 1024)).toBe("1.000 KB");
    // formatNumber shows no decimals, so the one-decimal rounding shows as a whole MB (as before the split)
    expect(formatBytes(1536 * 1024)).toBe("2 MB");
    expect(formatBytes(10 * 1024 * 1024)).toBe("10 MB");
  });

  it("explains a refused file by its check code with the size limit, and other failures by the error code", () => {
    const t = (k: string, o?: Record<string, unknown>) => (o ? `${k}|${JSON.stringify(o)}` : k);
    const tooBig = job({ state: "Rejected", error: { code: "file.tooLarge", message: "too large", vendorCode: null } });
    expect(jobErrorText(tooBig, t, 10 * 1024 * 1024)).toBe('files.codes.file.tooLarge|{"max":"10 MB"}');
    const network = job({ state: "Failed", error: { code: "Network", message: "offline", vendorCode: null } });
    expect(jobErrorText(network, t, 1)).toBe("errors.Network");
    expect(jobErrorText(job({ state: "Failed" }), t, 1)).toBe("errors.Internal");
  });

  it("lays live progress over the stored job; done and reused jobs are full even without a size", () => {
    expect(liveJob(job({ sent: 10, total: 40, state: "Uploading" }), undefined)).toEqual({ sent: 10, total: 40, state: "Uploading", percent: 25 });
    const live = { jobId: 1, accountId: "onflow-1", name: "hoa-don.pdf", state: "Uploading" as const, sent: 30, total: 40 };
    expect(liveJob(job({ sent: 10, total: 40 }), live).percent).toBe(75);
    expect(liveJob(job({ state: "Reused" }), undefined).percent).toBe(100);
    expect(liveJob(job({ state: "Done" }), undefined).percent).toBe(100);
    expect(liveJob(job({ state: "Failed" }), undefined).percent).toBe(0);
  });

  it("offers cancel while queued, retry after a failure or cancel (not after a refusal)", () => {
    expect(["Queued", "Checking", "Uploading"].every((s) => isActive(s as JobUpdate["state"]))).toBe(true);
    expect(isActive("Done")).toBe(false);
    expect(isFailed("Rejected") && isFailed("Failed")).toBe(true);
    expect(isFailed("Cancelled")).toBe(false);
    expect(canRetry("Failed") && canRetry("Cancelled")).toBe(true);
    expect(canRetry("Rejected")).toBe(false);
  });

  it("previews images and PDFs in the app, not office files", () => {
    expect(previewable({ kind: "png" })).toBe(true);
    expect(previewable({ kind: "pdf" })).toBe(true);
    expect(previewable({ kind: "docx" })).toBe(false);
  });
});
