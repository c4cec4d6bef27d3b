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
