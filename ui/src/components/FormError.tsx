import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { toAppError } from "../ipc";
import { errorText } from "./errors";

/** A failed form submission: the localized message for its code, shown where the user is looking. */
export function FormError({ error }: { error: unknown }) {
  useTranslation(); // re-render on language change
  if (!error) return null;
  const e = toAppError(error);
  if (e.code === "validation" && e.details?.fields && Object.keys(e.details.fields).length > 0) return null;
  return (
    <Alert color="red" data-testid="form-error" data-code={e.code}>
      {errorText(e)}
    </Alert>
  );
}

/** The localized inline message for one form field, from a Validation error's `details.fields`. */
export function fieldError(error: unknown, field: string, t: (k: string) => string): string | undefined {
  if (!error) return undefined;
  const codes = toAppError(error).details?.fields?.[field];
  return codes && codes.length > 0 ? codes.map((c) => t(`validation.${c}`)).join(" ") : undefined;
}
