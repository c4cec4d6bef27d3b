import { describe, expect, it } from "vitest";
import type { JobUpdate } from "../ipc";
import { canRetry, formatBytes, isActive, isFailed, jobErrorText, liveJob, previewable } from "./files";

const job = (patch: Partial<JobUpdate>): JobUpdate => ({
  jobId: 1,
  accountId: "onflow-1",
  name: "hoa-don.pdf",
  state: "queued",
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
    const tooBig = job({ state: "rejected", error: { code: "file.tooLarge", message: "too large", vendorCode: null } });
    expect(jobErrorText(tooBig, t, 10 * 1024 * 1024)).toBe('files.codes.file.tooLarge|{"max":"10 MB"}');
    const network = job({ state: "failed", error: { code: "network", message: "offline", vendorCode: null } });
    expect(jobErrorText(network, t, 1)).toBe("errors.network");
    expect(jobErrorText(job({ state: "failed" }), t, 1)).toBe("errors.internal");
  });

  it("lays live progress over the stored job; done and reused jobs are full even without a size", () => {
    expect(liveJob(job({ sent: 10, total: 40, state: "uploading" }), undefined)).toEqual({ sent: 10, total: 40, state: "uploading", percent: 25 });
    const live = { jobId: 1, accountId: "onflow-1", name: "hoa-don.pdf", state: "uploading" as const, sent: 30, total: 40 };
    expect(liveJob(job({ sent: 10, total: 40 }), live).percent).toBe(75);
    expect(liveJob(job({ state: "reused" }), undefined).percent).toBe(100);
    expect(liveJob(job({ state: "done" }), undefined).percent).toBe(100);
    expect(liveJob(job({ state: "failed" }), undefined).percent).toBe(0);
  });

  it("offers cancel while queued, retry after a failure or cancel (not after a refusal)", () => {
    expect(["queued", "checking", "uploading"].every((s) => isActive(s as JobUpdate["state"]))).toBe(true);
    expect(isActive("done")).toBe(false);
    expect(isFailed("rejected") && isFailed("failed")).toBe(true);
    expect(isFailed("cancelled")).toBe(false);
    expect(canRetry("failed") && canRetry("cancelled")).toBe(true);
    expect(canRetry("rejected")).toBe(false);
  });

  it("previews images and PDFs in the app, not office files", () => {
    expect(previewable({ kind: "png" })).toBe(true);
    expect(previewable({ kind: "pdf" })).toBe(true);
    expect(previewable({ kind: "docx" })).toBe(false);
  });
});
