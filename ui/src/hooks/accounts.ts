import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { ipc, type NewAccount } from "../ipc";

export const WORKSPACE_KEY = ["workspace"] as const;

export function useWorkspace() {
  return useQuery({ queryKey: WORKSPACE_KEY, queryFn: ipc.workspace });
}

/** Refetch what the backend says changed. */
export function useDataChangedInvalidation() {
  const qc = useQueryClient();
  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    void ipc
      .onDataChanged((kind) => {
        if (kind === "accounts") void qc.invalidateQueries({ queryKey: WORKSPACE_KEY });
        else void qc.invalidateQueries({ queryKey: [kind] });
      })
      .then((f) => {
        if (cancelled) f();
        else off = f;
      });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [qc]);
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: WORKSPACE_KEY });
}

/** Errors of these mutations are shown inside their form, not as a toast. */
const inline = { inlineErrors: true } as const;

export function useAddAccount() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: NewAccount) => ipc.accountAdd(input), onSuccess: invalidate, meta: inline });
}

export function usePancakeShops() {
  return useMutation({
    mutationFn: (a: { apiKey: string; baseUrl: string | null }) => ipc.pancakeShops(a.apiKey, a.baseUrl),
    meta: inline,
  });
}

export function useNhanhConsent() {
  return useMutation({
    mutationFn: (a: { appId: number; returnLink: string; baseUrl: string | null }) =>
      ipc.nhanhOpenConsent(a.appId, a.returnLink, a.baseUrl),
    meta: inline,
  });
}

export function useTestAccount() {
  return useMutation({ mutationFn: (id: string) => ipc.accountTest(id), meta: inline });
}

export function useRenameAccount() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (a: { id: string; label: string }) => ipc.accountRename(a.id, a.label),
    onSuccess: invalidate,
    meta: inline,
  });
}

export function useReplaceSecret() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (a: { id: string; name: string; value: string }) => ipc.accountReplaceSecret(a.id, a.name, a.value),
    onSuccess: invalidate,
    meta: inline,
  });
}

export function useRemoveAccount() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => ipc.accountRemove(id), onSuccess: invalidate });
}

export function useDemo() {
  const qc = useQueryClient();
  const onSuccess = (ws: Awaited<ReturnType<typeof ipc.workspace>>) => qc.setQueryData(WORKSPACE_KEY, ws);
  const start = useMutation({ mutationFn: ipc.demoStart, onSuccess });
  const leave = useMutation({ mutationFn: ipc.demoLeave, onSuccess });
  return { start, leave };
}
