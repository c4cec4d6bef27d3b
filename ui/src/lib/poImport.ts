// Bulk POs from a file: the pure rules of the import's preview and progress. What makes a PO valid is
// decided in Rust (`order_import::po` and `shopdesk_core::inbound::validate`); these only say where each
// row of the file is, which POs can be sent, how far the send is, and what the report holds.
import type { PoDraft, PoImportQueued, PoImportView, PoRow, PoSend, ReportRow } from "../ipc";

export type PoImportRowError = PoImportView["preview"]["pos"][number]["errors"][number];

/**
 * Where a row of the file is: `error` (its own cells are wrong), `blocked` (another row of its PO is),
 * `ready` (valid, not sent yet), `refused` (the journal refused the PO when it was stored), then the
 * PO's send state once it is in the journal (`sent` once the warehouse holds it).
 */
export type PoImportRowState = "error" | "blocked" | "ready" | "refused" | PoSend;

/** The POs of the preview that can be sent (valid, with their draft). */
export function sendablePos(view: PoImportView | null): PoDraft[] {
  return (view?.preview.pos ?? []).flatMap((p) => (p.draft && p.errors.length === 0 ? [p.draft] : []));
}

/** The list rows of the POs the import stored, by reference. */
export function rowsByReference(queued: readonly PoImportQueued[], list: readonly PoRow[] | undefined): Map<string, PoRow> {
  const mine = new Set(queued.filter((q) => !q.error).map((q) => q.key));
  const out = new Map<string, PoRow>();
  for (const r of list ?? []) if (mine.has(r.reference)) out.set(r.reference, r);
  // the row answered when stored stands in until the list has it
  for (const q of queued) if (q.row && !out.has(q.key)) out.set(q.key, q.row);
  return out;
}

/** A PO's send state from its list row: `sent` once the warehouse holds it. */
export function sendState(row: PoRow | undefined): PoSend | null {
  if (!row) return null;
  return row.send ?? "sent";
}

/** States after which nothing more happens on its own. */
const SETTLED: ReadonlySet<PoImportRowState> = new Set(["sent", "failed", "needsAttention", "refused"]);

/** The state of the PO `key` (its send state once stored). */
export function poState(
  po: PoImportView["preview"]["pos"][number],
  queued: readonly PoImportQueued[],
  rows: Map<string, PoRow>,
): PoImportRowState {
  if (po.errors.length > 0 || !po.draft) return "error";
  const q = queued.find((x) => x.key === po.key);
  if (!q) return "ready";
  if (q.error) return "refused";
  return sendState(rows.get(po.key)) ?? "queued";
}

/** The state of every row of the file, by row number. */
export function rowStates(view: PoImportView | null, queued: readonly PoImportQueued[], rows: Map<string, PoRow>): Map<number, PoImportRowState> {
  const out = new Map<number, PoImportRowState>();
  for (const po of view?.preview.pos ?? []) {
    const state = poState(po, queued, rows);
    const bad = new Set(po.errors.map((e) => e.row));
    for (const r of po.rows) out.set(r, state === "error" ? (bad.has(r) ? "error" : "blocked") : state);
  }
  return out;
}

/** How many of the stored POs are settled (at the warehouse, refused, or needing the owner). */
export function progress(queued: readonly PoImportQueued[], rows: Map<string, PoRow>): { done: number; total: number } {
  const done = queued.filter((q) => (q.error ? true : SETTLED.has(sendState(rows.get(q.key)) ?? "queued"))).length;
  return { done, total: queued.length };
}

/**
 * The report: one line per PO of the file — sent (with the warehouse's PO code), refused or still on its
 * way (why, in the user's language: `describeSend`), or not sent because of its rows (`describe`).
 */
export function poImportReportRows(
  view: PoImportView | null,
  queued: readonly PoImportQueued[],
  rows: Map<string, PoRow>,
  describe: (e: PoImportRowError) => string,
  describeSend: (q: PoImportQueued, row: PoRow | undefined) => string | null,
): ReportRow[] {
  return (view?.preview.pos ?? []).map((po) => {
    const state = poState(po, queued, rows);
    const row = rows.get(po.key);
    const q = queued.find((x) => x.key === po.key);
    const base = { key: po.key, rows: po.rows, reference: po.key || null, vendorOrderId: row?.poCode ?? null };
    switch (state) {
      case "error":
        return { ...base, reference: null, state: "invalid", error: po.errors.map(describe).join("; ") };
      case "sent":
        return { ...base, state: "created", error: null };
      case "failed":
      case "refused":
        return { ...base, state: "failed", error: q ? describeSend(q, row) : null };
      case "needsAttention":
        return { ...base, state: "needsAttention", error: q ? describeSend(q, row) : null };
      default:
        return { ...base, state: "pending", error: null };
    }
  });
}
