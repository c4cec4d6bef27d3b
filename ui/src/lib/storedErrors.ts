import type { ErrorCode, LogCode, SendCode } from "../ipc";

type T = (key: string, options?: Record<string, unknown>) => string;

/** A failure the backend stored, ready to show: the localized text, and the redacted detail beside it. */
export interface ShownError {
  /** The code it was stored with (`null`: a sentence an older version stored, shown as it is). */
  code: string | null;
  text: string;
  detail: string | null;
}

/**
 * Why a sync run failed: the localized text of its code (the IPC error codes), else the sentence a version
 * before the codes stored. `null` when nothing is known.
 */
export function runErrorShown(
  run: { error?: { code: ErrorCode; detail?: string | null } | null; message?: string | null },
  t: T,
): ShownError | null {
  if (run.error) return { code: run.error.code, text: t(`errors.${run.error.code}`), detail: run.error.detail ?? null };
  return run.message ? { code: null, text: run.message, detail: null } : null;
}

/** Why an order is not created (yet): the localized text of its outbox code, else an older version's sentence. */
export function sendErrorShown(
  entry: { error?: { code: SendCode; detail?: string | null } | null; lastError?: string | null },
  t: T,
): ShownError | null {
  if (entry.error)
    return { code: entry.error.code, text: t(`orders.outbox.codes.${entry.error.code}`), detail: entry.error.detail ?? null };
  return entry.lastError ? { code: null, text: entry.lastError, detail: null } : null;
}

/**
 * What a sync run's log line says: the localized text of its code (a count such as "… and 12 more" is part of the
 * text; any other detail, e.g. the vendor's error, stays beside it), else the sentence an older version stored.
 */
export function logLineShown(
  line: { code?: LogCode | null; detail?: string | null; message?: string | null },
  t: T,
): ShownError | null {
  if (line.code) {
    const inText = line.code === "moreWarnings";
    return {
      code: line.code,
      text: t(`stock.logCodes.${line.code}`, { detail: line.detail ?? "" }),
      detail: inText ? null : (line.detail ?? null),
    };
  }
  return line.message ? { code: null, text: line.message, detail: null } : null;
}

/** The whole of it on one line (a report cell, a tooltip). */
export function shownErrorLine(e: ShownError | null, t: T): string | null {
  if (!e) return null;
  return e.detail ? `${e.text} ${t("errors.detail", { detail: e.detail })}` : e.text;
}
