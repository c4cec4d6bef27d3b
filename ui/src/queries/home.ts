import { type QueryClient, useQuery } from "@tanstack/react-query";
import { ipc } from "../ipc";
import { keys } from "./keys";

/** The home page's figures (local stores only); every data change that feeds them makes them stale. */
export function useHomeSummary() {
  return useQuery({ queryKey: keys.home.summary(), queryFn: ipc.homeSummary });
}

/**
 * At launch, all at once: what the shell waits on (the settings, the recovery check) and the home page's figures,
 * so the first screen renders once, with its data. The figures are asked beside the recovery check, not after
 * it: when a database needs the recovery screen, Home is not shown and the answer (an error) is dropped
 * without a toast.
 */
export function prefetchHome(client: QueryClient) {
  void client.prefetchQuery({ queryKey: keys.settings.current(), queryFn: ipc.getSettings, staleTime: Infinity });
  void client.prefetchQuery({ queryKey: keys.settings.recovery(), queryFn: ipc.recoveryStatus, staleTime: Infinity });
  void client.prefetchQuery({ queryKey: keys.home.summary(), queryFn: ipc.homeSummary, meta: { silentErrors: true } });
}
