import { notifications } from "@mantine/notifications";
import i18n from "../i18n";
import { toAppError, type AppError } from "../ipc";

/** The localized, actionable text for an IPC error: chosen by `code`, never by message text. */
export function errorText(error: AppError): string {
  const base = i18n.t(`errors.${error.code}`);
  const vendorCode = error.details?.vendorCode;
  return vendorCode ? `${base} ${i18n.t("errors.vendorCode", { code: vendorCode })}` : base;
}

/** The global error toast used by every query and mutation. */
export function showError(e: unknown): void {
  const error = toAppError(e);
  notifications.show({
    color: "red",
    title: i18n.t("errors.title"),
    message: errorText(error),
    autoClose: 8000,
    withBorder: true,
  });
}
