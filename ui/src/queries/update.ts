import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ipc, type AvailableUpdate, type UpdateProgress, type UpdateStatus } from "../ipc";
import { keys } from "./keys";
import { useIpcEvent } from "./listen";

/** How often the running app asks the update endpoint again. */
export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/**
 * What the update endpoint offers: asked at start and every 6 hours. The automatic check is quiet: a failure
 * (offline, endpoint down) shows nothing and is not retried; the manual check in Settings reports its errors.
 */
export function useUpdateStatus() {
  return useQuery({
    queryKey: keys.update.status(),
    queryFn: ipc.updateCheck,
    refetchInterval: UPDATE_CHECK_INTERVAL_MS,
    refetchIntervalInBackground: true,
    staleTime: UPDATE_CHECK_INTERVAL_MS,
    retry: false,
    meta: { silentErrors: true },
  });
}

/** The version a manual check found: the banner offers it even when the user said "Để sau" to it before. */
function useRequestedVersion(): string | null {
  return useQuery<string | null>({
    queryKey: keys.update.requested(),
    queryFn: () => null,
    initialData: null,
    staleTime: Infinity,
  }).data;
}

/** The update the banner offers (`null`: none): an available one the user did not skip, or one they asked about. */
export function useOfferedUpdate(): AvailableUpdate | null {
  const available = useUpdateStatus().data?.available ?? null;
  const requested = useRequestedVersion();
  if (!available) return null;
  return !available.skipped || available.version === requested ? available : null;
}

/** "Kiểm tra cập nhật" in Settings: its errors are shown there; a version it finds is offered even if skipped. */
export function useCheckUpdateNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ipc.updateCheck,
    meta: { inlineErrors: true },
    onSuccess: (status: UpdateStatus) => {
      qc.setQueryData(keys.update.status(), status);
      qc.setQueryData(keys.update.requested(), status.available?.version ?? null);
    },
  });
}

/** "Để sau": the version is remembered in the settings and the banner goes away. */
export function useSkipUpdate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: string) => ipc.updateSkip(version),
    onSuccess: (settings, version) => {
      qc.setQueryData(keys.settings.current(), settings);
      qc.setQueryData(keys.update.requested(), null);
      qc.setQueryData<UpdateStatus>(keys.update.status(), (s) =>
        s?.available?.version === version ? { ...s, available: { ...s.available, skipped: true } } : s,
      );
    },
  });
}

/**
 * Install an update. The call answers only when the update did NOT install (the reason); on success the app
 * restarts into the new version. `progress` is the latest `update-progress` of the running install.
 */
export function useInstallUpdate() {
  const [progress, setProgress] = useState<UpdateProgress | null>(null);
  // the version being installed: set before the backend is called, so before its first progress event
  const target = useRef<string | null>(null);
  const install = useMutation({
    mutationFn: (version: string) => ipc.updateInstall(version),
    // shown in the banner, with the reassurance that the running version is untouched
    meta: { inlineErrors: true },
    onMutate: (version) => {
      target.current = version;
      setProgress(null);
    },
  });
  useIpcEvent(ipc.onUpdateProgress, (p) => {
    if (p.version === target.current) setProgress(p);
  });
  const current = install.isPending && progress?.version === install.variables ? progress : null;
  return { install, progress: current };
}
