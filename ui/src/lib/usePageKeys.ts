import { useHotkeys } from "@mantine/hooks";
import { keysOf } from "./shortcuts";

/** Next / previous page of a paged list by keyboard (see `SHORTCUTS`), within 1..pages. */
export function usePageKeys(page: number, pages: number, onPage: (page: number) => void) {
  const go = (to: number) => {
    if (to >= 1 && to <= pages && to !== page) onPage(to);
  };
  useHotkeys([
    ...keysOf("nextPage").map((k): [string, () => void] => [k, () => go(page + 1)]),
    ...keysOf("prevPage").map((k): [string, () => void] => [k, () => go(page - 1)]),
  ]);
}
