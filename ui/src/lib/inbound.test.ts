import { describe, expect, it } from "vitest";
import type { CatalogItem, InspectionRow, LineCheck } from "../ipc";
import {
  addLine,
  blockedLines,
  blocks,
  buildPoDraft,
  canSubmitPo,
  dayAfter,
  documentedStatus,
  filterRows,
  formatDay,
  groupCounts,
  inspectionSummary,
  isPlacedField,
  knownLineError,
  lineFlag,
  linePath,
  newPackage,
  nextPackageCode,
  oasinsOf,
  packageCode,
  packagePath,
  poTotals,
  sendAction,
  signed,
  sortedLineErrors,
  type PackageForm,
  type PoForm,
} from "./inbound";

const item = (oasin: string, sku: string | null = `SKU-${oasin}`): CatalogItem => ({
  vendorProductId: oasin,
  vendorVariationId: "",
  sku,
  barcode: null,
  name: `Áo ${oasin}`,
  priceVnd: null,
  stock: [],
});

function pkgWith(...oasins: string[]): PackageForm {
  return oasins.reduce((p, o) => addLine(p, item(o)), newPackage([]));
}

const check = (oasin: string, state: LineCheck["state"]): LineCheck => ({ oasin, state, vendorStatus: null });

describe("package codes", () => {
  it("numbers packages PKG_01, PKG_02 … and never repeats a code in use", () => {
    expect(packageCode(1)).toBe("PKG_01");
    expect(packageCode(12)).toBe("PKG_12");
    expect(packageCode(100)).toBe("PKG_100");
    expect(nextPackageCode([])).toBe("PKG_01");
    expect(nextPackageCode([{ code: "PKG_01" }])).toBe("PKG_02");
    // PKG_01 removed: the gap is filled; a code typed in lower case still counts
    expect(nextPackageCode([{ code: "PKG_02" }])).toBe("PKG_01");
    expect(nextPackageCode([{ code: "pkg_01" }, { code: "PKG_02" }])).toBe("PKG_03");
    // a code the owner typed is kept out of the way
    expect(nextPackageCode([{ code: "THUNG-A" }])).toBe("PKG_01");
  });

  it("starts a package empty with the next code and a key of its own", () => {
    const first = newPackage([]);
    const second = newPackage([first]);
    expect(first).toMatchObject({ code: "PKG_01", weight: null, length: null, width: null, height: null, note: "", lines: [] });
    expect(second.code).toBe("PKG_02");
    expect(second.key).not.toBe(first.key);
  });
});

describe("lines and totals", () => {
  it("adds a listing as one unit, and a second pick of the same product as one more", () => {
    const p = addLine(addLine(pkgWith("OASIN1"), item("OASIN2", null)), item("OASIN1"));
    expect(p.lines.map((l) => [l.oasin, l.sku, l.quantity])).toEqual([
      ["OASIN1", "SKU-OASIN1", 2],
      ["OASIN2", null, 1],
    ]);
  });

  it("counts packages, lines and units, and lists each product once", () => {
    const a = pkgWith("B", "A");
    const b = { ...pkgWith("A"), lines: pkgWith("A").lines.map((l) => ({ ...l, quantity: 5 })) };
    expect(poTotals([a, b])).toEqual({ packages: 2, lines: 3, units: 7 });
    expect(oasinsOf([a, b])).toEqual(["A", "B"]);
    expect(poTotals([])).toEqual({ packages: 0, lines: 0, units: 0 });
  });
});

describe("which lines hold the PO back", () => {
  const packages = [pkgWith("A", "B"), pkgWith("C")];

  it("flags each line with the vendor's answer, checking until it has one, unknown when the check failed", () => {
    const checks = [check("A", "ready"), check("B", "inactive")];
    expect(lineFlag("A", checks, false)).toBe("ready");
    expect(lineFlag("B", checks, false)).toBe("inactive");
    expect(lineFlag("C", checks, false)).toBe("checking");
    expect(lineFlag("C", undefined, true)).toBe("unknown");
    expect(lineFlag(" A ", checks, true)).toBe("ready");
  });

  it("blocks on inactive, unmapped, unknown OASINs and unanswered lines, not on an unreachable vendor", () => {
    expect((["ready", "unknown"] as const).map(blocks)).toEqual([false, false]);
    expect((["inactive", "notMapped", "notFound", "checking"] as const).map(blocks)).toEqual([true, true, true, true]);
    const checks = [check("A", "ready"), check("B", "notMapped"), check("C", "notFound")];
    expect(blockedLines(packages, checks, false)).toEqual([
      { package: 0, line: 1, flag: "notMapped" },
      { package: 1, line: 0, flag: "notFound" },
    ]);
    expect(canSubmitPo({ accountId: "onflow-1", packages }, checks, false)).toBe(false);
    const ready = ["A", "B", "C"].map((o) => check(o, "ready"));
    expect(canSubmitPo({ accountId: "onflow-1", packages }, ready, false)).toBe(true);
    expect(canSubmitPo({ accountId: null, packages }, ready, false)).toBe(false);
    // the vendor could not be asked: the PO can be queued, the vendor's refusal will point at the line
    expect(canSubmitPo({ accountId: "onflow-1", packages }, undefined, true)).toBe(true);
    // a line not answered yet (a new product, the debounce) waits
    expect(canSubmitPo({ accountId: "onflow-1", packages }, ready.slice(0, 2), false)).toBe(false);
  });
});

describe("the draft", () => {
  it("trims the texts, leaves empty notes out and keeps every line as entered", () => {
    const p: PackageForm = { ...pkgWith("OASIN1"), code: " PKG_01 ", weight: 1200, length: 30, width: null, height: Number.NaN, note: "  " };
    const form: PoForm = {
      accountId: "onflow-1",
      warehouseCode: "ONF_WH_HN_LB",
      reference: " SD-PO-1 ",
      estimatedArrival: "2026-12-10",
      coInspection: true,
      note: " dễ vỡ ",
      packages: [p],
      documents: [{ url: "https://files.example/hd.pdf", name: "Hoá đơn.pdf", printQuantity: 2 }],
    };
    expect(buildPoDraft(form)).toEqual({
      accountId: "onflow-1",
      warehouseCode: "ONF_WH_HN_LB",
      reference: "SD-PO-1",
      estimatedArrival: "2026-12-10",
      coInspection: true,
      packages: [
        {
          code: "PKG_01",
          weight: 1200,
          length: 30,
          width: null,
          height: null,
          note: null,
          items: [{ oasin: "OASIN1", sku: "SKU-OASIN1", name: "Áo OASIN1", quantity: 1 }],
        },
      ],
      documents: [{ url: "https://files.example/hd.pdf", name: "Hoá đơn.pdf", printQuantity: 2 }],
      note: "dễ vỡ",
    });
    expect(buildPoDraft({ ...form, accountId: null, warehouseCode: null, note: "" })).toMatchObject({ accountId: "", warehouseCode: "", note: null });
  });

  it("names fields as Rust does and places each next to its input", () => {
    expect(packagePath(0, "code")).toBe("packages.0.code");
    expect(linePath(1, 0, "quantity")).toBe("packages.1.items.0.quantity");
    for (const f of ["warehouseCode", "estimatedArrival", "reference", "packages.0.code", "packages.1.items.0.quantity", "packages.0.items", "documents.0.printQuantity", "packages"]) {
      expect(isPlacedField(f, false), f).toBe(true);
    }
    expect(isPlacedField("accountId", true)).toBe(true);
    expect(isPlacedField("accountId", false)).toBe(false);
    expect(isPlacedField("oasins", true)).toBe(false);
  });

  it("proposes tomorrow as the arrival day", () => {
    expect(dayAfter(new Date(2026, 11, 31, 23, 30), 1)).toBe("2027-01-01");
    expect(dayAfter(new Date(2026, 1, 3), 0)).toBe("2026-02-03");
  });
});

describe("the list", () => {
  it("shows days as the warehouse means them (Vietnam)", () => {
    expect(formatDay("2026-12-10")).toBe("10/12/2026");
    // Rust sends the arrival day as Vietnam's midnight
    expect(formatDay("2026-12-09T17:00:00+00:00")).toBe("10/12/2026");
    expect(formatDay(null)).toBe("—");
    expect(formatDay("soon")).toBe("soon");
  });

  it("explains only the statuses Onflow documents", () => {
    expect(documentedStatus("TRANSIT")).toBe("TRANSIT");
    expect(documentedStatus(" completed ")).toBe("COMPLETED");
    expect(documentedStatus("CANCELLED")).toBe("CANCELLED");
    expect(documentedStatus("RECEIVING")).toBeNull();
    expect(documentedStatus(null)).toBeNull();
  });

  it("groups rows by stage, the ones being sent apart", () => {
    const rows = [
      { send: "queued" as const, stage: "transit" as const },
      { send: null, stage: "transit" as const },
      { send: null, stage: "completed" as const },
      { send: "failed" as const, stage: "transit" as const },
    ];
    expect(groupCounts(rows)).toEqual({ unsent: 2, transit: 1, receiving: 0, completed: 1, cancelled: 0, other: 0 });
    expect(filterRows(rows, "unsent")).toEqual([rows[0], rows[3]]);
    expect(filterRows(rows, "all")).toEqual(rows);
    expect(filterRows(rows, "completed")).toEqual([rows[2]]);
  });

  it("offers check-and-send for an unclear send, discard for a refused one", () => {
    expect(sendAction("unknown")).toBe("retry");
    expect(sendAction("needsAttention")).toBe("retry");
    expect(sendAction("failed")).toBe("discard");
    expect(sendAction("queued")).toBeNull();
    expect(sendAction("sending")).toBeNull();
    expect(sendAction(null)).toBeNull();
  });

  it("explains the documented refusal codes and orders line errors", () => {
    expect(knownLineError("PRODUCTS_INACTIVE")).toBe("PRODUCTS_INACTIVE");
    expect(knownLineError("SOMETHING_ELSE")).toBeNull();
    expect(
      sortedLineErrors([
        { package: 1, line: 0, code: "X" },
        { package: 0, line: 2, code: "X" },
        { package: 0, line: 1, code: "X" },
      ]).map((e) => [e.package, e.line]),
    ).toEqual([
      [0, 1],
      [0, 2],
      [1, 0],
    ]);
  });
});

describe("the receiving result", () => {
  const row = (oasin: string, declared: number, received: number, putaway: number): InspectionRow => ({
    packageCode: "PKG_01",
    oasin,
    sku: `SKU-${oasin}`,
    declared,
    received,
    putaway,
    stockLevel: null,
  });

  it("marks each line received ≠ declared and totals the differences", () => {
    const s = inspectionSummary([row("A", 10, 10, 10), row("B", 5, 3, 3), row("C", 2, 4, 1)]);
    expect(s.lines.map((l) => l.diff)).toEqual([0, -2, 2]);
    expect(s).toMatchObject({ differing: 2, net: 0, absolute: 4, declared: 17, received: 17, putaway: 14 });
    expect(inspectionSummary([row("A", 1, 1, 1)])).toMatchObject({ differing: 0, net: 0, absolute: 0 });
    expect([signed(3), signed(-2), signed(0)]).toEqual(["+3", "-2", "0"]);
  });
});
