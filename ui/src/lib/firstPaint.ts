import { ipc } from "../ipc";

let marked = false;
let painted = false;
const waiting: (() => void)[] = [];

/**
 * Once per launch, after the frame that first shows the landing page's data (the home page's figures, or the
 * stock grid's rows when that page is opened first): the start-up benchmark's `first_rows_ms`.
 */
export function markFirstPaint() {
  if (marked) return;
  marked = true;
  requestAnimationFrame(() => {
    void ipc.uiFirstRows().catch(() => undefined);
    painted = true;
    for (const run of waiting.splice(0)) run();
  });
}

/**
 * Work that can wait until the first screen's data is on screen (at launch, the Stock page's first rows): run
 * then, or at once when that has happened.
 */
export function afterFirstPaint(run: () => void) {
  if (painted) run();
  else waiting.push(run);
}
