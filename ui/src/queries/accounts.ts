import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ipc, type NewAccount, type Workspace } from "../ipc";
import { accountLabel } from "../lib/accounts";
import { invalidateKind, keys } from "./keys";

/**
 * The accounts shown. Most components of every page read it, so with the default (stale at once) each page
 * opened asked again; every change of it comes with `data-changed` (`accounts`) or this window's own
 * mutation, so a page opened within 30 s shows the cached answer (each IPC call costs the web process a few
 * kB for the page's life: `src-tauri/README.md`, "Memory"). The 30 s bounds how late a time-based flag (a
 * Nhanh token about to expire) can show.
 */
export function useWorkspace() {
  return useQuery({ queryKey: keys.accounts.workspace(), queryFn: ipc.workspace, staleTime: 30_000 });
}

/** An account's name as shown (the owner's label, or the localized demo label) by its id; the id while the
 * workspace loads or when the account is gone. */
export function useAccountLabelOf(): (id: string) => string {
  const ws = useWorkspace().data;
  const { t } = useTranslation();
  return (id) => {
    const a = ws?.accounts.find((x) => x.id === id);
    return a ? accountLabel(a, t) : id;
  };
}

/** Files go to Onflow: the workspace's Onflow accounts. */
export function useOnflowAccounts() {
  const ws = useWorkspace().data;
  return (ws?.accounts ?? []).filter((a) => a.vendor === "onflow");
}

function useAccountsChanged() {
  const qc = useQueryClient();
  return () => invalidateKind(qc, "accounts");
}

/** Errors of these mutations are shown inside their form, not as a toast. */
const inline = { inlineErrors: true } as const;

export function useAddAccount() {
  const onSuccess = useAccountsChanged();
  return useMutation({ mutationFn: (input: NewAccount) => ipc.accountAdd(input), onSuccess, meta: inline });
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
  const onSuccess = useAccountsChanged();
  return useMutation({
    mutationFn: (a: { id: string; label: string }) => ipc.accountRename(a.id, a.label),
    onSuccess,
    meta: inline,
  });
}

export function useReplaceSecret() {
  const onSuccess = useAccountsChanged();
  return useMutation({
    mutationFn: (a: { id: string; name: string; value: string }) => ipc.accountReplaceSecret(a.id, a.name, a.value),
    onSuccess,
    meta: inline,
  });
}

export function useRemoveAccount() {
  const onSuccess = useAccountsChanged();
  return useMutation({ mutationFn: (id: string) => ipc.accountRemove(id), onSuccess });
}

/** Start or leave the demo workspace; the answer is the new workspace. */
export function useDemo() {
  const qc = useQueryClient();
  const onSuccess = (ws: Workspace) => qc.setQueryData(keys.accounts.workspace(), ws);
  const start = useMutation({ mutationFn: ipc.demoStart, onSuccess });
  const leave = useMutation({ mutationFn: ipc.demoLeave, onSuccess });
  return { start, leave };
}
