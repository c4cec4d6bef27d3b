// The one seam between the UI and the Rust backend. Nothing outside src/ipc imports Tauri; UI tests mock
// this module to swap the backend.
import {
  commands,
  type AppError_Serialize,
  type ErrorCode,
  type Settings_Serialize,
} from "./bindings";

export type { AppInfo, ErrorCode, Language } from "./bindings";
/** What the backend sends (tauri-specta also emits the Deserialize shapes, which the UI never receives). */
export type AppError = AppError_Serialize;
export type Settings = Settings_Serialize;

type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

/** A failed backend call, carrying the `{code, message, details}` error that crossed IPC. */
export class IpcError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = "IpcError";
    this.error = error;
  }
  get code(): ErrorCode {
    return this.error.code;
  }
}

const CODES: readonly ErrorCode[] = [
  "Unauthorized",
  "Forbidden",
  "RateLimited",
  "Validation",
  "NotFound",
  "VendorRejected",
  "Network",
  "Timeout",
  "KeyringUnavailable",
  "KeyringLocked",
  "Conflict",
  "Internal",
];

function isAppError(e: unknown): e is AppError {
  return (
    typeof e === "object" &&
    e !== null &&
    "code" in e &&
    "message" in e &&
    CODES.includes((e as { code: ErrorCode }).code)
  );
}

/** Any thrown value as an AppError (a failure inside Tauri itself becomes `Internal`). */
export function toAppError(e: unknown): AppError {
  if (e instanceof IpcError) return e.error;
  if (isAppError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return { code: "Internal", message };
}

function unwrap<T>(r: Result<T, AppError>): T {
  if (r.status === "ok") return r.data;
  throw new IpcError(r.error);
}

export const ipc = {
  appInfo: () => commands.appInfo(),
  uiReady: () => commands.uiReady(),
  getSettings: () => commands.getSettings(),
  setLanguage: async (language: "vi" | "en") => unwrap(await commands.setLanguage(language)),
};
