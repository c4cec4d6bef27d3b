// Connected accounts as the backend lists them, for UI tests.
import type { AccountView } from "../ipc";

/** A connected account of `vendor` with its usual test configuration (a Pancake shop is shop 7). */
export function accountView(id: string, vendor: AccountView["vendor"], label: string, over: Partial<AccountView> = {}): AccountView {
  const config: AccountView["config"] =
    vendor === "onflow"
      ? { vendor, environment: "staging" }
      : vendor === "nhanh"
        ? { vendor, appId: 1, businessId: 9, expiresAt: null, depotIds: [] }
        : { vendor, shopId: 7, shopName: null };
  return { id, vendor, label, config, baseUrl: null, masks: [], demo: false, expiryWarning: false, expired: false, ...over };
}
