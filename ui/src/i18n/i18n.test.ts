import { describe, expect, it } from "vitest";
import en from "./en.json";
import vi from "./vi.json";

type Tree = { [k: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? "").sort();
}

function lookup(tree: Tree, key: string): string {
  const v = key.split(".").reduce<string | Tree | undefined>((t, k) => (typeof t === "object" ? t[k] : undefined), tree);
  return typeof v === "string" ? v : "";
}

describe("i18n files", () => {
  it("have exactly the same keys in Vietnamese and English", () => {
    const viKeys = keys(vi as Tree).sort();
    const enKeys = keys(en as Tree).sort();
    expect(viKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !viKeys.includes(k))).toEqual([]);
  });

  it("have no empty strings and the same placeholders in both languages", () => {
    for (const key of keys(vi as Tree)) {
      const a = lookup(vi as Tree, key);
      const b = lookup(en as Tree, key);
      expect(a.trim(), `vi ${key}`).not.toBe("");
      expect(b.trim(), `en ${key}`).not.toBe("");
      expect(placeholders(a), key).toEqual(placeholders(b));
    }
  });

  it("translate every code an outbox entry can store", async () => {
    // the codes come from the generated bindings, so a new Rust SendCode without a text fails here
    const source = await import("../ipc/bindings.ts?raw");
    const m = /export type SendCode = ([^;]+);/.exec(source.default);
    expect(m).not.toBeNull();
    const codes = [...(m?.[1] ?? "").matchAll(/"(\w+)"/g)].map((x) => x[1] ?? "");
    expect(codes).toContain("noAnswer");
    for (const code of codes) {
      expect(lookup(vi as Tree, `orders.outbox.codes.${code}`), code).not.toBe("");
      expect(lookup(en as Tree, `orders.outbox.codes.${code}`), code).not.toBe("");
    }
  });

  it("translate every code a sync run's log line can store", async () => {
    // the codes come from the generated bindings, so a new Rust LogCode without a text fails here
    const source = await import("../ipc/bindings.ts?raw");
    const m = /export type LogCode = ([^;]+);/.exec(source.default);
    expect(m).not.toBeNull();
    const codes = [...(m?.[1] ?? "").matchAll(/"(\w+)"/g)].map((x) => x[1] ?? "");
    expect(codes).toContain("noSku");
    for (const code of codes) {
      expect(lookup(vi as Tree, `stock.logCodes.${code}`), code).not.toBe("");
      expect(lookup(en as Tree, `stock.logCodes.${code}`), code).not.toBe("");
    }
  });

  it("name every phase a sync can report", async () => {
    // the phases come from the generated bindings, so a new Rust SyncPhase without a text fails here
    const source = await import("../ipc/bindings.ts?raw");
    const m = /export type SyncPhase = ([^;]+);/.exec(source.default);
    expect(m).not.toBeNull();
    const phases = [...(m?.[1] ?? "").matchAll(/"(\w+)"/g)].map((x) => x[1] ?? "");
    expect(phases).toContain("orders");
    for (const phase of phases) {
      expect(lookup(vi as Tree, `stock.phase.${phase}`), phase).not.toBe("");
      expect(lookup(en as Tree, `stock.phase.${phase}`), phase).not.toBe("");
    }
  });

  it("translate every IPC error code", async () => {
    // the codes come from the generated bindings, so a new Rust code without a message fails here
    const source = await import("../ipc/bindings.ts?raw");
    const m = /export type ErrorCode = ([^;]+);/.exec(source.default);
    expect(m).not.toBeNull();
    const codes = [...(m?.[1] ?? "").matchAll(/"(\w+)"/g)].map((x) => x[1] ?? "");
    expect(codes.length).toBeGreaterThan(5);
    for (const code of codes) {
      expect(lookup(vi as Tree, `errors.${code}`), code).not.toBe("");
      expect(lookup(en as Tree, `errors.${code}`), code).not.toBe("");
    }
  });

  it("name every state of goods in and returns: line readiness, sending state, stage", async () => {
    // the values come from the generated bindings (comments aside), so a new Rust value without a text fails here
    const source = (await import("../ipc/bindings.ts?raw")).default.replace(/\/\*[\s\S]*?\*\//g, "");
    const values = (type: string) => {
      const m = new RegExp(`export type ${type} = ([^;]+);`).exec(source);
      expect(m, type).not.toBeNull();
      return [...(m?.[1] ?? "").matchAll(/"(\w+)"/g)].map((x) => x[1] ?? "");
    };
    const groups: [string, string[]][] = [
      ["LineState", ["inbound.lineState", "inbound.lineHelp"]],
      ["SendState", ["inbound.send", "inbound.sendHelp"]],
      ["PoStage", ["inbound.stage", "inbound.group"]],
      ["ReturnStage", ["returns.stage"]],
      ["SendState", ["returns.sendHelp"]],
    ];
    for (const [type, prefixes] of groups) {
      const vals = values(type);
      expect(vals.length, type).toBeGreaterThan(3);
      for (const v of vals)
        for (const prefix of prefixes) {
          expect(lookup(vi as Tree, `${prefix}.${v}`), `${prefix}.${v}`).not.toBe("");
          expect(lookup(en as Tree, `${prefix}.${v}`), `${prefix}.${v}`).not.toBe("");
        }
    }
  });
});
