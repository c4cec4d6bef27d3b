// The app's keyboard shortcuts in one place: the keys (Mantine `useHotkeys` notation) and what the "?"
// overlay says about them. None fires while the user types in a field (Escape leaves the field).

export type ShortcutId = "newOrder" | "search" | "sync" | "nextPage" | "prevPage" | "help" | "leaveField";

export const SHORTCUTS: { id: ShortcutId; keys: string[] }[] = [
  { id: "newOrder", keys: ["mod+N"] },
  // "/" as in most apps; mod+K also works where "/" needs a modifier on the keyboard layout
  { id: "search", keys: ["/", "mod+K"] },
  // not mod+R / F5: a webview may take those as "reload the page"
  { id: "sync", keys: ["mod+shift+S"] },
  { id: "nextPage", keys: ["alt+ArrowRight"] },
  { id: "prevPage", keys: ["alt+ArrowLeft"] },
  { id: "help", keys: ["shift+?"] },
  { id: "leaveField", keys: ["Escape"] },
];

/** The keys of a shortcut. */
export function keysOf(id: ShortcutId): string[] {
  return SHORTCUTS.find((s) => s.id === id)?.keys ?? [];
}

const NAMES: Record<string, string> = { arrowright: "→", arrowleft: "←", escape: "Esc", "?": "?", "/": "/" };

/** One hotkey as the keys to press, e.g. `mod+shift+S` → ["Ctrl", "Shift", "S"] (⌘ on a Mac). */
export function keyCaps(hotkey: string, mac: boolean): string[] {
  const parts = hotkey.split("+");
  // "shift+?" is the "?" key itself: the shift is implied by the character
  const shown = parts.at(-1) === "?" ? ["?"] : parts;
  return shown.map((p) => {
    const k = p.toLowerCase();
    if (k === "mod") return mac ? "⌘" : "Ctrl";
    if (k === "shift") return "Shift";
    if (k === "alt") return mac ? "⌥" : "Alt";
    return NAMES[k] ?? p.toUpperCase();
  });
}

/** Focus the page's search field (the first visible element marked `data-shortcut="search"`). */
export function focusPageSearch(root: ParentNode = document): boolean {
  const fields = Array.from(root.querySelectorAll<HTMLElement>('[data-shortcut="search"]'));
  const field = fields.find((f) => !f.closest("[hidden]")) ?? null;
  if (!field) return false;
  field.focus();
  if (field instanceof HTMLInputElement) field.select();
  return true;
}
