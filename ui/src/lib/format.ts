const vnd = new Intl.NumberFormat("vi-VN", {
  style: "currency",
  currency: "VND",
  maximumFractionDigits: 0,
});
const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });

/** Integer VND as shops write it: `1.250.000 ₫`. Money is never a float in ShopDesk. */
export function formatVnd(amount: number): string {
  return vnd.format(Math.round(amount));
}

/** A count with Vietnamese grouping: `12.345`. */
export function formatNumber(n: number): string {
  return number.format(n);
}

const dateTime = new Intl.DateTimeFormat("vi-VN", { dateStyle: "short", timeStyle: "short" });

/** An ISO time in the user's local time: `24/11/2026, 14:05`. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** How old an account's figures are, and whether the owner should be warned they may be out of date. */
export interface Freshness {
  /** Whole minutes since the sync finished (0 for under a minute; never negative). */
  minutes: number;
  stale: boolean;
}

/**
 * The age of figures synced at `finishedAt`, seen at `now`. They are stale when older than twice the
 * automatic sync interval (at least an hour), or than a day when automatic sync is off.
 */
export function freshness(finishedAt: string, now: number, intervalMinutes: number): Freshness | null {
  const t = new Date(finishedAt).getTime();
  if (Number.isNaN(t)) return null;
  const minutes = Math.max(0, Math.floor((now - t) / 60000));
  const limit = intervalMinutes > 0 ? Math.max(60, 2 * intervalMinutes) : 24 * 60;
  return { minutes, stale: minutes > limit };
}

/** "3 phút trước" / "3 minutes ago", in the UI language. */
export function formatAge(minutes: number, language: string): string {
  const rtf = new Intl.RelativeTimeFormat(language === "en" ? "en" : "vi", { numeric: "auto" });
  if (minutes < 60) return rtf.format(-minutes, "minute");
  if (minutes < 48 * 60) return rtf.format(-Math.floor(minutes / 60), "hour");
  return rtf.format(-Math.floor(minutes / (24 * 60)), "day");
}
