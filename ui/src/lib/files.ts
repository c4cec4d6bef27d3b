import type { FileJob, FileKind, JobState, JobUpdate, LibraryFile } from "../ipc";
import { formatNumber } from "./format";

/** The kinds the library holds (and the type filter offers). */
export const FILE_KINDS: FileKind[] = ["pdf", "png", "jpeg", "webp", "docx", "xlsx"];
const IMAGE_KINDS: FileKind[] = ["png", "jpeg", "webp"];

/** The default upload limit until the backend's configuration is read. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export function isImage(kind: FileKind): boolean {
  return IMAGE_KINDS.includes(kind);
}

/** Images and PDFs preview inside the app; DOCX/XLSX open in the system's viewer. */
export function previewable(f: Pick<LibraryFile, "kind">): boolean {
  return isImage(f.kind) || f.kind === "pdf";
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${formatNumber(Math.round((n / 1024 / 1024) * 10) / 10)} MB`;
  if (n >= 1024) return `${formatNumber(Math.round(n / 1024))} KB`;
  return `${formatNumber(n)} B`;
}

/** The i18n key and values of a failed or rejected job's reason: a file check (`file.*`) or the error code. */
export function jobErrorMessage(job: Pick<JobUpdate, "error">, maxBytes: number): { key: string; values?: Record<string, unknown> } {
  const code = job.error?.code ?? "";
  if (code.startsWith("file.")) return { key: `files.codes.${code}`, values: { max: formatBytes(maxBytes) } };
  return { key: `errors.${code || "internal"}` };
}

/** The localized reason of a failed or rejected job. */
export function jobErrorText(job: Pick<JobUpdate, "error">, t: (k: string, o?: Record<string, unknown>) => string, maxBytes: number): string {
  const m = jobErrorMessage(job, maxBytes);
  return m.values ? t(m.key, m.values) : t(m.key);
}

/** A job as shown: the stored one with the latest live progress laid over it. */
export function liveJob(job: JobUpdate, live: FileJob | undefined): { sent: number; total: number; state: JobState; percent: number } {
  const sent = live?.sent ?? job.sent;
  const total = live?.total ?? job.total;
  const state = live?.state ?? job.state;
  const percent = total > 0 ? Math.round((sent / total) * 100) : state === "done" || state === "reused" ? 100 : 0;
  return { sent, total, state, percent };
}

/** Still in the queue: can be cancelled. */
export function isActive(state: JobState): boolean {
  return state === "queued" || state === "checking" || state === "uploading";
}

/** Ended with an error (a failed upload, or a file the checks refused). */
export function isFailed(state: JobState): boolean {
  return state === "failed" || state === "rejected";
}

/** Can be sent again (a refused file cannot: it would be refused again). */
export function canRetry(state: JobState): boolean {
  return state === "failed" || state === "cancelled";
}
