import type { OrderRow, ReturnRow, ReturnStage } from "../ipc";

/** The stages in the order a return moves through them. */
export const RETURN_STAGES: readonly ReturnStage[] = ["requested", "in_transit", "received", "restocked", "problem", "cancelled", "other"];

/** The list's filter: every stage, plus the requests ShopDesk has not got to the vendor yet. */
export type ReturnGroup = ReturnStage | "unsent";

export function returnGroup(r: ReturnRow): ReturnGroup {
  return r.send ? "unsent" : r.stage;
}

export function returnGroupCounts(rows: readonly ReturnRow[]): Record<ReturnGroup, number> {
  const counts = Object.fromEntries([...RETURN_STAGES, "unsent"].map((g) => [g, 0])) as Record<ReturnGroup, number>;
  for (const r of rows) counts[returnGroup(r)] += 1;
  return counts;
}

/** What the list shows: one group (or all), and optionally only the returns of one order of one account. */
export function filterReturns(
  rows: readonly ReturnRow[],
  group: ReturnGroup | "all",
  order: { accountId: string; vendorOrderId: string } | null,
): ReturnRow[] {
  return rows.filter(
    (r) =>
      (group === "all" || returnGroup(r) === group) &&
      (!order || (r.accountId === order.accountId && r.vendorOrderId === order.vendorOrderId)),
  );
}

/**
 * Whether the owner can ask the warehouse to take an order back from here: an Onflow shipment the warehouse
 * handed over (its only status after the handover, which the orders list calls "shipping").
 */
export function canRequestReturn(row: Pick<OrderRow, "vendor" | "status">): boolean {
  return row.vendor === "onflow" && row.status === "shipping";
}

/** Whether an order's row links to its returns (the vendor says it is on its way back or back). */
export function isReturnStatus(row: Pick<OrderRow, "status">): boolean {
  return row.status === "returning" || row.status === "returned";
}

/** The reasons Onflow's return API names (candidates, inferred); the owner may also leave it empty. */
export const RETURN_REASONS = ["change_mind", "item_damaged", "wrong_item"] as const;

/** The URL of the Returns page showing one order's returns (and opening the one, when it has one). */
export function returnsPath(accountId: string, vendorOrderId: string, returnId?: string | null): string {
  const p = new URLSearchParams({ account: accountId, order: vendorOrderId });
  if (returnId) p.set("return", returnId);
  return `/returns?${p.toString()}`;
}
