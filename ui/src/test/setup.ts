import "@testing-library/jest-dom/vitest";
import { configure } from "@testing-library/react";

// `findBy…` / `waitFor` wait up to 5 s (the library's 1 s is shorter than a page's code loading on first open,
// `React.lazy`, on a busy machine); a test still fails at once on a wrong answer, only later on a missing one
configure({ asyncUtilTimeout: 5000 });

// jsdom lacks these; Mantine reads them.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
class RO {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver ??= RO as unknown as typeof ResizeObserver;
// a searchable Mantine combobox scrolls its selected option into view
Element.prototype.scrollIntoView ??= () => undefined;
