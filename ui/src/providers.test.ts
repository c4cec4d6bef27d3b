import { describe, expect, it } from "vitest";
import { uiFonts } from "./providers";

const LINUX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15";
const WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
const MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)";

describe("the UI font", () => {
  it("is fontconfig's sans-serif alone on Linux: each further name is a lookup before the first paint", () => {
    const fonts = uiFonts(LINUX);
    expect(fonts.fontFamily).toBe("sans-serif");
    expect(fonts.headings.fontFamily).toBe("sans-serif");
    expect(fonts.fontFamilyMonospace).toBe("monospace");
  });

  it("is the system's UI font on Windows and macOS", () => {
    expect(uiFonts(WINDOWS).fontFamily).toMatch(/^system-ui, 'Segoe UI'/);
    expect(uiFonts(MAC).fontFamily).toContain("-apple-system");
    expect(uiFonts(MAC).headings.fontFamily).toBe(uiFonts(MAC).fontFamily);
  });
});
