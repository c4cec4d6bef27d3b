// Every key the code asks for exists, and every key of the i18n files is asked for somewhere. A key counts as
// used when the source holds it as a string literal (`t("stock.total")`, `i18nKey="update.available"`,
// `t(cond ? "a.b" : "a.c")`, a key kept in a variable) or when a template literal's fixed start covers it
// (`t(`stock.phase.${p}`)` uses every `stock.phase.*`). The Rust code that words the desktop notification from these
// files counts too.
import { describe, expect, it } from "vitest";
import vi from "./vi.json";

type Tree = { [k: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

/** Keys no source file names, kept on purpose (say why for each); keep this list short. */
const UNUSED_ON_PURPOSE: readonly string[] = [];

// the app's own sources: not the tests (they read the JSON), not the generated bindings
const files = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../ipc/bindings.ts", "!../test/**"], {
  query: "?raw",
  import: "default",
  eager: true,
});
// the desktop notification is worded in Rust from these files (`shopdesk_app::i18n`)
const rust = import.meta.glob<string>("../../../src-tauri/crates/app/src/low_stock.rs", {
  query: "?raw",
  import: "default",
  eager: true,
});
const source = [...Object.values(files), ...Object.values(rust)].join("\n");
const all = keys(vi as Tree);
const literals = new Set([...source.matchAll(/["']([A-Za-z]\w*(?:\.\w+)+)["']/g)].map((m) => m[1] ?? ""));
const prefixes = [...new Set([...source.matchAll(/`([A-Za-z]\w*(?:\.\w+)*\.)\$\{/g)].map((m) => m[1] ?? ""))];
/** The keys asked for by name in `t("…")` / `i18n.t("…")` / `i18nKey="…"`. */
const asked = [...source.matchAll(/\b(?:t\(\s*|i18nKey=)["']([\w.]+)["']/g)].map((m) => m[1] ?? "");
/** The groups of keys asked for by a template: `t(`stock.phase.${p}`)`. */
const askedGroups = [...source.matchAll(/\bt\(\s*`([A-Za-z]\w*(?:\.\w+)*\.)\$\{/g)].map((m) => m[1] ?? "");

describe("i18n keys in the code", () => {
  it("reads the sources", () => {
    expect(Object.keys(files).length).toBeGreaterThan(20);
    expect(Object.keys(rust)).toHaveLength(1);
    expect(asked).toContain("stock.total");
    expect(prefixes).toContain("stock.phase.");
  });

  it("asks only for keys the files have", () => {
    expect([...new Set(asked)].filter((k) => !all.includes(k)).sort()).toEqual([]);
    // a template's fixed start names a group of keys
    expect(askedGroups).toContain("stock.phase.");
    expect([...new Set(askedGroups)].filter((p) => !all.some((k) => k.startsWith(p))).sort()).toEqual([]);
  });

  it("has no key the code never uses", () => {
    const unused = all.filter((k) => !literals.has(k) && !prefixes.some((p) => k.startsWith(p)) && !UNUSED_ON_PURPOSE.includes(k));
    expect(unused).toEqual([]);
  });
});
