import type { AccountView } from "../ipc";

/** The account's name as shown: the user's label, or a localized demo label. */
export function accountLabel(a: AccountView, t: (k: string, o?: Record<string, string>) => string): string {
  return a.demo ? t("accounts.demoLabel", { vendor: t(`vendors.${a.vendor}`) }) : a.label;
}
