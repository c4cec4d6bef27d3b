import { useTranslation } from "react-i18next";
import { toAppError } from "../../ipc";

/** The localized messages of a Validation error's field (`productForm.validation.*`, else the shared `validation.*`). */
export function useFieldErrors(error: unknown) {
  const { t, i18n } = useTranslation();
  const fields = error ? (toAppError(error).details?.fields ?? {}) : {};
  const text = (code: string) => {
    if (i18n.exists(`productForm.validation.${code}`)) return t(`productForm.validation.${code}`);
    if (i18n.exists(`validation.${code}`)) return t(`validation.${code}`);
    return t("productForm.invalidField", { code });
  };
  const of = (path: string): string | undefined => {
    const codes = fields[path];
    return codes && codes.length > 0 ? codes.map(text).join(" ") : undefined;
  };
  return { fields, of };
}
