// Goods in ("Nhập kho"): the pure rules of the PO form and the PO list. The rules that decide whether a
// PO is acceptable live in Rust (`shopdesk_core::inbound::validate`); these only build the draft, number
// packages, count units, say which lines the vendor would refuse, and read the vendor's answers.
import type {
  CatalogItem,
  InspectionRow,
  LineCheck,
  LineError,
  LineState,
  PoDocument,
  PoDraft,
  PoRow,
  PoSend,
  PoStage,
} from "../ipc";

/** One product line of a package as the form holds it (`key` is stable across edits). */
export interface LineForm {
  key: string;
  oasin: string;
  sku: string | null;
  name: string;
  quantity: number;
}

/** One carton as the form holds it: weight in grams, dimensions in cm (`null`: not given). */
export interface PackageForm {
  key: string;
  code: string;
  weight: number | null;
  length: number | null;
  width: number | null;
  height: number | null;
  note: string;
  lines: LineForm[];
}

/** The whole form. */
export interface PoForm {
  accountId: string | null;
  warehouseCode: string | null;
  reference: string;
  estimatedArrival: string;
  coInspection: boolean;
  note: string;
  packages: PackageForm[];
  documents: PoDocument[];
}

let keySeq = 0;
/** A key for a new package or line (unique for the life of the page). */
function nextKey(prefix: string): string {
  keySeq += 1;
  return `${prefix}-${keySeq}`;
}

/** The default code of the `n`-th package (1-based): `PKG_01`, `PKG_02`, … `PKG_100`. */
export function packageCode(n: number): string {
  return `PKG_${String(n).padStart(2, "0")}`;
}

/** The first default code no package uses (so removing a package and adding one never repeats a code). */
export function nextPackageCode(packages: readonly { code: string }[]): string {
  const used = new Set(packages.map((p) => p.code.trim().toUpperCase()));
  let n = 1;
  while (used.has(packageCode(n))) n++;
  return packageCode(n);
}

/** An empty package with the next free default code. */
export function newPackage(packages: readonly PackageForm[]): PackageForm {
  return { key: nextKey("pkg"), code: nextPackageCode(packages), weight: null, length: null, width: null, height: null, note: "", lines: [] };
}

/**
 * A catalog listing added to a package: one unit of it, or one more when the package already has that
 * product (a product appears once per package; the warehouse refuses it twice).
 */
export function addLine(pkg: PackageForm, item: CatalogItem): PackageForm {
  const oasin = item.vendorProductId.trim();
  if (pkg.lines.some((l) => l.oasin === oasin)) {
    return { ...pkg, lines: pkg.lines.map((l) => (l.oasin === oasin ? { ...l, quantity: l.quantity + 1 } : l)) };
  }
  return { ...pkg, lines: [...pkg.lines, { key: nextKey("line"), oasin, sku: item.sku, name: item.name, quantity: 1 }] };
}

/** Packages, lines and units of the form. */
export function poTotals(packages: readonly PackageForm[]): { packages: number; lines: number; units: number } {
  const lines = packages.flatMap((p) => p.lines);
  return { packages: packages.length, lines: lines.length, units: lines.reduce((n, l) => n + Math.max(0, l.quantity || 0), 0) };
}

/** Every product id of the form, once, sorted (the line check asks about this set). */
export function oasinsOf(packages: readonly PackageForm[]): string[] {
  return [...new Set(packages.flatMap((p) => p.lines.map((l) => l.oasin.trim())).filter((o) => o !== ""))].sort();
}

/** What the form shows beside a line: the vendor's answer, or `checking` until it has one. */
export type LineFlag = LineState | "checking";

/** Every readiness a line can show, in the order of the legend. */
export const LINE_FLAGS: readonly LineFlag[] = ["ready", "checking", "unknown", "inactive", "notMapped", "notFound"];

/**
 * The readiness of one product: the check's answer for it, `unknown` when the check itself failed (the
 * vendor could not be asked), else `checking` (not asked yet, or the answer is on its way).
 */
export function lineFlag(oasin: string, checks: readonly LineCheck[] | undefined, checkFailed: boolean): LineFlag {
  const found = checks?.find((c) => c.oasin === oasin.trim());
  if (found) return found.state;
  return checkFailed ? "unknown" : "checking";
}

/**
 * Whether a line holds the PO back: the warehouse refuses inactive, unmapped and unknown products, and
 * the form waits for the check. `unknown` (the vendor could not be asked) does not: the PO is queued and
 * the vendor's own answer, if it refuses, points at the line.
 */
export function blocks(flag: LineFlag): boolean {
  return flag === "inactive" || flag === "notMapped" || flag === "notFound" || flag === "checking";
}

/** The lines (package index, line index) that hold the PO back. */
export function blockedLines(
  packages: readonly PackageForm[],
  checks: readonly LineCheck[] | undefined,
  checkFailed: boolean,
): { package: number; line: number; flag: LineFlag }[] {
  return packages.flatMap((p, pi) =>
    p.lines
      .map((l, li) => ({ package: pi, line: li, flag: lineFlag(l.oasin, checks, checkFailed) }))
      .filter((x) => blocks(x.flag)),
  );
}

/** The form can be sent: an account, and no line the warehouse would refuse or not checked yet. */
export function canSubmitPo(form: Pick<PoForm, "accountId" | "packages">, checks: readonly LineCheck[] | undefined, checkFailed: boolean): boolean {
  return !!form.accountId && blockedLines(form.packages, checks, checkFailed).length === 0;
}

const text = (s: string): string | null => (s.trim() === "" ? null : s.trim());
const measure = (n: number | null): number | null => (n === null || Number.isNaN(n) ? null : n);

/** The draft Rust validates and stores, from the form as it is (Rust checks it; nothing is dropped here). */
export function buildPoDraft(form: PoForm): PoDraft {
  return {
    accountId: form.accountId ?? "",
    warehouseCode: form.warehouseCode ?? "",
    reference: form.reference.trim(),
    estimatedArrival: form.estimatedArrival.trim(),
    coInspection: form.coInspection,
    packages: form.packages.map((p) => ({
      code: p.code.trim(),
      weight: measure(p.weight),
      length: measure(p.length),
      width: measure(p.width),
      height: measure(p.height),
      note: text(p.note),
      items: p.lines.map((l) => ({ oasin: l.oasin.trim(), sku: l.sku, name: l.name, quantity: l.quantity })),
    })),
    documents: form.documents.map((d) => ({ url: d.url, name: d.name, printQuantity: d.printQuantity })),
    note: text(form.note),
  };
}

/** The field path of a package's field, as Rust names it in a Validation error (`packages.0.code`). */
export function packagePath(pi: number, field: string): string {
  return `packages.${pi}.${field}`;
}

/** The field path of a line's field (`packages.1.items.0.quantity`). */
export function linePath(pi: number, li: number, field: string): string {
  return `packages.${pi}.items.${li}.${field}`;
}

/** `YYYY-MM-DD` of a local day `days` after `now`. */
export function dayAfter(now: Date, days: number): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  const mm = String(d.getMonth() + 1).padStart(2, "0");
  const dd = String(d.getDate()).padStart(2, "0");
  return `${d.getFullYear()}-${mm}-${dd}`;
}

const vnDay = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" });

/** A day as the warehouse means it (Vietnam): `10/12/2026`, from `2026-12-10` or an RFC 3339 time. */
export function formatDay(value: string | null): string {
  if (!value) return "—";
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (plain) return `${plain[3]}/${plain[2]}/${plain[1]}`;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : vnDay.format(d);
}

/** The vendor statuses Onflow documents, which get an explanation beside the vendor's own label. */
export const DOCUMENTED_STATUSES = ["TRANSIT", "COMPLETED", "CANCELLED"] as const;
export type DocumentedStatus = (typeof DOCUMENTED_STATUSES)[number];

/** The documented status `status` is (case and spaces aside), or `null` for any other text. */
export function documentedStatus(status: string | null): DocumentedStatus | null {
  const s = (status ?? "").trim().toUpperCase();
  return (DOCUMENTED_STATUSES as readonly string[]).includes(s) ? (s as DocumentedStatus) : null;
}

/** Every stage, in the order of the filter. */
export const STAGES: readonly PoStage[] = ["transit", "receiving", "completed", "cancelled", "other"];

/** What the list filters by: the warehouse's stage, or `unsent` for a PO ShopDesk has not handed over yet. */
export type ListGroup = PoStage | "unsent";

export function groupOf(row: Pick<PoRow, "send" | "stage">): ListGroup {
  return row.send ? "unsent" : row.stage;
}

/** Rows in `group` (`all`: every row), keeping the order. */
export function filterRows<R extends Pick<PoRow, "send" | "stage">>(rows: readonly R[], group: ListGroup | "all"): R[] {
  return group === "all" ? [...rows] : rows.filter((r) => groupOf(r) === group);
}

/** Rows per group (for the filter's counts). */
export function groupCounts(rows: readonly Pick<PoRow, "send" | "stage">[]): Record<ListGroup, number> {
  const out: Record<ListGroup, number> = { unsent: 0, transit: 0, receiving: 0, completed: 0, cancelled: 0, other: 0 };
  for (const r of rows) out[groupOf(r)] += 1;
  return out;
}

/** What the owner can do about a PO ShopDesk has not handed over. */
export function sendAction(send: PoSend | null): "retry" | "discard" | null {
  if (send === "unknown" || send === "needsAttention") return "retry";
  if (send === "failed") return "discard";
  return null;
}

/** The vendor's refusal codes a line error can carry that the UI explains; any other is shown as it is. */
export const LINE_ERROR_CODES = ["PRODUCTS_INACTIVE", "PRODUCTS_NOT_MAPPED_IN_WAREHOUSE", "PRODUCTS_BY_OASIN_NOT_FOUND"] as const;

export function knownLineError(code: string): (typeof LINE_ERROR_CODES)[number] | null {
  return (LINE_ERROR_CODES as readonly string[]).includes(code) ? (code as (typeof LINE_ERROR_CODES)[number]) : null;
}

/** Line errors in package, then line order. */
export function sortedLineErrors(errors: readonly LineError[]): LineError[] {
  return [...errors].sort((a, b) => a.package - b.package || a.line - b.line);
}

/** One inspected line with its difference (received − declared). */
export interface InspectionLine extends InspectionRow {
  diff: number;
}

/** The receiving result with its differences: every line, the lines that differ, and their totals. */
export function inspectionSummary(rows: readonly InspectionRow[]): {
  lines: InspectionLine[];
  differing: number;
  /** Σ (received − declared): negative when less arrived than declared. */
  net: number;
  /** Σ |received − declared|. */
  absolute: number;
  declared: number;
  received: number;
  putaway: number;
} {
  const lines = rows.map((r) => ({ ...r, diff: r.received - r.declared }));
  const differing = lines.filter((l) => l.diff !== 0);
  return {
    lines,
    differing: differing.length,
    net: differing.reduce((n, l) => n + l.diff, 0),
    absolute: differing.reduce((n, l) => n + Math.abs(l.diff), 0),
    declared: lines.reduce((n, l) => n + l.declared, 0),
    received: lines.reduce((n, l) => n + l.received, 0),
    putaway: lines.reduce((n, l) => n + l.putaway, 0),
  };
}

/** A signed count: `+3`, `-2`, `0`. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

const PLACED = [
  /^warehouseCode$/,
  /^reference$/,
  /^estimatedArrival$/,
  /^note$/,
  /^packages$/,
  /^packages\.\d+\.(code|weight|length|width|height|note|items)$/,
  /^packages\.\d+\.items\.\d+\.(oasin|quantity)$/,
  /^documents\.\d+\.(url|printQuantity)$/,
];

/**
 * Whether the form shows a Validation error's field next to an input (`accountId` only when the account
 * select is shown); the others are listed above the submit button so none is lost.
 */
export function isPlacedField(path: string, accountShown: boolean): boolean {
  if (path === "accountId") return accountShown;
  return PLACED.some((r) => r.test(path));
}
