import { type QueryClient, useQuery } from "@tanstack/react-query";
import { ipc } from "../ipc";
import { keys } from "./keys";

/** The home page's figures (local stores only); every data change that feeds them makes them stale. */
export function useHomeSummary() {
  return useQuery({ queryKey: keys.home.summary(), queryFn: ipc.homeSummary });
}

/**
 * At launch, beside the Stock page's first rows: the home page's figures, so they paint with the page's first
 * frame. Skipped when a database needs the recovery screen.
 */
export function prefetchHome(client: QueryClient) {
  void client
    .fetchQuery({ queryKey: keys.settings.recovery(), queryFn: ipc.recoveryStatus, staleTime: Infinity })
    .then((recovery) => (recovery ? undefined : client.prefetchQuery({ queryKey: keys.home.summary(), queryFn: ipc.homeSummary })))
    .catch(() => undefined);
}
