import type { QueryClient } from "@tanstack/react-query";
import { afterFirstPaint } from "./lib/firstPaint";
import { prefetchHome } from "./queries/home";
import { prefetchFirstScreen } from "./queries/stock";

/**
 * The address the window opens on when it names no page: Home itself, so React's first render is Home's and not
 * a redirect's (one render and one frame fewer before the first figures, #21). `null`: keep the address.
 */
export function landingHash(hash: string): string | null {
  return hash === "" || hash === "#" || hash === "#/" ? "#/home" : null;
}

/**
 * Before the first render: open on Home, ask what the first screen needs all at once, and the Stock page's first
 * rows once Home's figures are on screen (their answer is parsed on the page's one thread, which the first screen
 * needs first).
 */
export function launch(client: QueryClient) {
  const hash = landingHash(window.location.hash);
  if (hash) window.history.replaceState(null, "", hash);
  prefetchHome(client);
  afterFirstPaint(() => prefetchFirstScreen(client));
}
