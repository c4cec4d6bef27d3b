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
