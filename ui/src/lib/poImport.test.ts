import { describe, expect, it } from "vitest";
import type { PoImportQueued, PoImportView, PoRow } from "../ipc";
import { poState, progress, rowsByReference, rowStates, sendablePos } from "./poImport";

type Po = PoImportView["preview"]["pos"][number];
type Draft = NonNullable<Po["draft"]>;

const draft = (reference: string): Draft => ({
  accountId: "a",
  warehouseCode: "W",
  reference,
  estimatedArrival: "2026-12-20",
  coInspection: false,
  packages: [],
  documents: [],
  note: null,
});
const po = (key: string, rows: number[], errorRows: number[] = []): Po => ({
  key,
  rows,
  warehouseCode: "W",
  packages: 1,
  units: 1,
  draft: errorRows.length ? null : draft(key),
  errors: errorRows.map((row) => ({ row, column: "SKU", code: "sku.unknown", value: null })),
});
const view = (pos: Po[]): PoImportView => ({
  fileName: "f.csv",
  preview: { pos, lines: [], validCount: pos.filter((p) => p.draft).length, invalidCount: pos.filter((p) => !p.draft).length },
});
const listRow = (reference: string, over: Partial<PoRow> = {}): PoRow => ({
  key: `ref:${reference}`,
  accountId: "a",
  accountLabel: "A",
  reference,
  poCode: null,
  warehouseCode: "W",
  status: null,
  stage: "transit",
  send: "queued",
  error: null,
  lineErrors: [],
  createdAt: null,
  estimatedArrival: null,
  packages: 1,
  units: 1,
  ...over,
});

describe("PO import: rows, states and progress", () => {
  const v = view([po("A", [2, 3]), po("B", [4, 5], [5]), po("C", [6])]);

  it("sends only the valid POs", () => {
    expect(sendablePos(v).map((d) => d.reference)).toEqual(["A", "C"]);
    expect(sendablePos(null)).toEqual([]);
  });

  it("marks the bad row, blocks the rest of its PO, and follows each sent PO in the list", () => {
    expect([...rowStates(v, [], new Map())]).toEqual([
      [2, "ready"],
      [3, "ready"],
      [4, "blocked"],
      [5, "error"],
      [6, "ready"],
    ]);
    const queued: PoImportQueued[] = [
      { key: "A", row: listRow("A"), error: null },
      { key: "C", row: null, error: { code: "validation", message: "dup", details: { fields: { reference: ["reference.duplicate"] } } } },
    ];
    // before the list has A, the row answered when stored stands in
    let rows = rowsByReference(queued, []);
    expect(poState(v.preview.pos[0] as Po, queued, rows)).toBe("queued");
    expect(progress(queued, rows)).toEqual({ done: 1, total: 2 });
    rows = rowsByReference(queued, [listRow("A", { poCode: "OAPO1", send: null, status: "TRANSIT" }), listRow("Z")]);
    expect(rowStates(v, queued, rows).get(2)).toBe("sent");
    expect(rowStates(v, queued, rows).get(6)).toBe("refused");
    expect(rows.has("Z")).toBe(false);
    expect(progress(queued, rows)).toEqual({ done: 2, total: 2 });
  });
});
