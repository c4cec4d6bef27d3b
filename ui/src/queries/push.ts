import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ipc, type Mapping, type PushProgress, type RuleSet } from "../ipc";
import { keys } from "./keys";
import { useIpcEvent } from "./listen";

/** What a push to `accountId` would change (`null`: no account chosen). Never refetched on its own: the
 * user asks again for a fresh preview. */
export function usePushPreview(accountId: string | null) {
  return useQuery({
    queryKey: keys.stock.pushPreview(accountId),
    queryFn: () => ipc.pushPreview(accountId ?? ""),
    enabled: accountId !== null,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function usePushHistory(accountId: string | null) {
  return useQuery({
    queryKey: keys.stock.pushHistory(accountId),
    queryFn: () => ipc.pushHistory(accountId ?? ""),
    enabled: accountId !== null,
  });
}

export function usePushRun(run: number | null) {
  return useQuery({
    queryKey: keys.stock.pushRun(run),
    queryFn: () => ipc.pushRun(run ?? 0),
    enabled: run !== null,
  });
}

export function usePushApply() {
  return useMutation({ mutationFn: (a: { preview: number; selected: number[] }) => ipc.pushApply(a.preview, a.selected) });
}

export function usePushUndo() {
  return useMutation({ mutationFn: (run: number) => ipc.pushUndo(run) });
}

export function usePushCancel() {
  return useMutation({ mutationFn: (run: number) => ipc.pushCancel(run) });
}

/** The latest progress of every push run this window has seen; a finished run refreshes its detail and
 * the account's history. */
export function usePushProgress() {
  const qc = useQueryClient();
  const [progress, setProgress] = useState<Record<number, PushProgress>>({});
  useIpcEvent(ipc.onPushProgress, (p) => {
    setProgress((all) => ({ ...all, [p.run]: p }));
    if (p.finished) {
      void qc.invalidateQueries({ queryKey: keys.stock.pushRun(p.run) });
      void qc.invalidateQueries({ queryKey: keys.stock.pushHistory(p.accountId) });
    }
  });
  return progress;
}

/** The automatic push mode's latest outcome of every POS account; read again on each `push-auto` event. */
export function usePushAuto() {
  const qc = useQueryClient();
  useIpcEvent(ipc.onPushAuto, (a) => {
    void qc.invalidateQueries({ queryKey: keys.stock.pushAuto() });
    void qc.invalidateQueries({ queryKey: keys.stock.pushHistory(a.accountId) });
  });
  return useQuery({ queryKey: keys.stock.pushAuto(), queryFn: () => ipc.pushAutoStatus() });
}

/** Which Onflow warehouses feed each of a POS account's warehouses (`null`: no account chosen). */
export function usePushMapping(accountId: string | null) {
  return useQuery({
    queryKey: keys.stock.pushMapping(accountId),
    queryFn: () => ipc.pushMapping(accountId ?? ""),
    enabled: accountId !== null,
  });
}

/** Save (or, with `mapping: null`, forget) an account's warehouse mapping; its mapping and preview are read
 * again. */
export function useSavePushMapping() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { accountId: string; mapping: Mapping | null }) => ipc.pushSetMapping(a.accountId, a.mapping),
    onSuccess: (_, a) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.stock.pushMapping(a.accountId) }),
        qc.invalidateQueries({ queryKey: keys.stock.pushPreview(a.accountId) }),
      ]).then(() => undefined),
  });
}

/** A POS account's push rules (`null`: no account chosen). */
export function usePushRules(accountId: string | null) {
  return useQuery({
    queryKey: keys.stock.pushRules(accountId),
    queryFn: () => ipc.pushRules(accountId ?? ""),
    enabled: accountId !== null,
  });
}

/** Save an account's rules; its preview and rules are read again. */
export function useSavePushRules() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { accountId: string; rules: RuleSet }) => ipc.pushSetRules(a.accountId, a.rules),
    onSuccess: (_, a) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.stock.pushRules(a.accountId) }),
        qc.invalidateQueries({ queryKey: keys.stock.pushPreview(a.accountId) }),
      ]).then(() => undefined),
  });
}
