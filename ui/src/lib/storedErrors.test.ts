import { afterEach, describe, expect, it } from "vitest";
import i18n, { initI18n } from "../i18n";
import enText from "../i18n/en.json";
import viText from "../i18n/vi.json";
import { logLineShown, runErrorShown, sendErrorShown, shownErrorLine } from "./storedErrors";

afterEach(async () => {
  await i18n.changeLanguage("vi");
});

describe("stored failures", () => {
  it("localize a stored code in Vietnamese and English and keep the detail apart", async () => {
    initI18n("vi");
    const t = i18n.t.bind(i18n);
    const run = { error: { code: "timeout" as const, detail: "timed out" }, message: null };
    expect(runErrorShown(run, t)).toEqual({ code: "timeout", text: viText.errors.timeout, detail: "timed out" });
    const send = { error: { code: "duplicateNotFound" as const, detail: null }, lastError: null };
    expect(shownErrorLine(sendErrorShown(send, t), t)).toBe(viText.orders.outbox.codes.duplicateNotFound);
    await i18n.changeLanguage("en");
    expect(runErrorShown(run, t)?.text).toBe(enText.errors.timeout);
    expect(shownErrorLine(runErrorShown(run, t), t)).toBe(`${enText.errors.timeout} Details: timed out`);
    expect(sendErrorShown(send, t)?.text).toBe(enText.orders.outbox.codes.duplicateNotFound);
  });

  it("show what an older version stored as it is, and nothing when nothing is known", () => {
    initI18n("vi");
    const t = i18n.t.bind(i18n);
    expect(runErrorShown({ error: null, message: "Lỗi kết nối mạng" }, t)).toEqual({ code: null, text: "Lỗi kết nối mạng", detail: null });
    expect(sendErrorShown({ error: null, lastError: "interrupted while sending" }, t)?.text).toBe("interrupted while sending");
    expect(runErrorShown({ error: null, message: null }, t)).toBeNull();
    expect(shownErrorLine(null, t)).toBeNull();
  });

  it("word a sync log line's code in the user's language, with its count inside and other details beside", async () => {
    initI18n("vi");
    const t = i18n.t.bind(i18n);
    expect(logLineShown({ code: "noSku", detail: null, message: null }, t)).toEqual({ code: "noSku", text: viText.stock.logCodes.noSku, detail: null });
    expect(logLineShown({ code: "moreWarnings", detail: "12", message: null }, t)?.text).toBe("… và 12 cảnh báo khác");
    expect(logLineShown({ code: "runFailed", detail: "network error", message: null }, t)).toEqual({
      code: "runFailed",
      text: viText.stock.logCodes.runFailed,
      detail: "network error",
    });
    await i18n.changeLanguage("en");
    expect(logLineShown({ code: "moreWarnings", detail: "12", message: null }, t)?.text).toBe("… and 12 more warnings");
    expect(logLineShown({ code: "noSku", detail: null, message: null }, t)?.text).toBe(enText.stock.logCodes.noSku);
    // a line an older version stored keeps its sentence
    expect(logLineShown({ code: null, detail: null, message: "thiếu SKU" }, t)?.text).toBe("thiếu SKU");
  });
});
