import type { OrderStatus, ReturnStage } from "../ipc";

// The lists the home page's figures open, and how those pages read the filter back from the URL. Each figure
// carries its exact filter (instants computed in Rust for the Vietnam day), so the list shows the rows the
// figure counted.

/** The orders list filtered by creation time `[from, to)`, one status and/or one account. */
export function ordersPath(f: { from?: string; to?: string; status?: OrderStatus; account?: string }): string {
  const p = new URLSearchParams();
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", f.to);
  if (f.status) p.set("status", f.status);
  if (f.account) p.set("account", f.account);
  const q = p.toString();
  return q ? `/orders?${q}` : "/orders";
}

/** The orders sent from ShopDesk, only those the owner must act on. */
export const OUTBOX_ATTENTION_PATH = "/orders?tab=sent&attention=1";
/** The stock grid with its low-stock filter on. */
export const LOW_STOCK_PATH = "/stock?view=low";

/** The Inbound page on one group of its filter. */
export function inboundPath(group: "transit" | "receiving"): string {
  return `/inbound?group=${group}`;
}

/** The Returns page on one group of its filter. */
export function returnsGroupPath(group: ReturnStage): string {
  return `/returns?group=${group}`;
}

/** The accounts page, where each account's connection and sync are looked after. */
export const ACCOUNTS_PATH = "/accounts";

const STATUSES: readonly OrderStatus[] = ["new", "confirmed", "packing", "shipping", "delivered", "returning", "returned", "cancelled", "other"];

function instant(v: string | null): string | null {
  if (!v) return null;
  return Number.isNaN(new Date(v).getTime()) ? null : v;
}

/** The orders list's filter as a link gave it (anything unreadable is ignored). */
export function orderParams(params: URLSearchParams): {
  span: { from: string | null; to: string | null } | null;
  status: OrderStatus | null;
  accounts: string[];
} {
  const from = instant(params.get("from"));
  const to = instant(params.get("to"));
  const status = params.get("status");
  return {
    span: from || to ? { from, to } : null,
    status: STATUSES.find((s) => s === status) ?? null,
    accounts: params.getAll("account").filter((a) => a !== ""),
  };
}

/** A chart day `2026-12-04` as `04/12`. */
export function shortDay(day: string): string {
  const [, m, d] = day.split("-");
  return m && d ? `${d}/${m}` : day;
}
