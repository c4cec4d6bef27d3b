import { ipc } from "../ipc";

let marked = false;

/**
 * Once per launch, after the frame that first shows the landing page's data (the home page's figures, or the
 * stock grid's rows when that page is opened first): the start-up benchmark's `first_rows_ms`.
 */
export function markFirstPaint() {
  if (marked) return;
  marked = true;
  requestAnimationFrame(() => void ipc.uiFirstRows().catch(() => undefined));
}
