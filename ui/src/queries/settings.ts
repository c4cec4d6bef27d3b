import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ipc, type Language, type RecoveryView, type Settings, type StoreProblem } from "../ipc";
import { invalidateKind, keys } from "./keys";

export function useSettings() {
  return useQuery({ queryKey: keys.settings.current(), queryFn: ipc.getSettings, staleTime: Infinity });
}

export function useAppInfo() {
  return useQuery({ queryKey: keys.settings.appInfo(), queryFn: ipc.appInfo, staleTime: Infinity }).data;
}

/** The UI language: read from the persisted settings, changed through the backend so it survives a restart. */
export function useLanguage() {
  const { i18n } = useTranslation();
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: (language: Language) => ipc.setLanguage(language),
    onSuccess: (settings: Settings) => {
      qc.setQueryData(keys.settings.current(), settings);
      void i18n.changeLanguage(settings.language);
      document.documentElement.lang = settings.language;
    },
  });
  const language: Language = i18n.language === "en" ? "en" : "vi";
  return { language, setLanguage: (l: Language) => mutation.mutate(l), saving: mutation.isPending };
}

export function useStockSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { low: number; interval: number; budget: number }) =>
      ipc.setStockSettings(a.low, a.interval, a.budget),
    onSuccess: (settings: Settings) => {
      qc.setQueryData(keys.settings.current(), settings);
      // the grid's low-stock flags follow the threshold
      void invalidateKind(qc, "stock");
    },
  });
}

/** Problems opening the local databases at start-up (`null` when there are none). */
export function useRecovery() {
  return useQuery({ queryKey: keys.settings.recovery(), queryFn: ipc.recoveryStatus, staleTime: Infinity });
}

/** The recovery screen's actions; each answers what is still wrong (`null`: every database opened). */
export function useRecoveryActions(onDone: (next: RecoveryView | null) => void) {
  const rebuild = useMutation({ mutationFn: ipc.recoveryRebuildCaches, onSuccess: onDone });
  const retry = useMutation({ mutationFn: ipc.recoveryRetry, onSuccess: onDone });
  const setAside = useMutation({ mutationFn: (p: StoreProblem) => ipc.recoverySetAside(p.file), onSuccess: onDone });
  return { rebuild, retry, setAside, quit: ipc.recoveryQuit };
}

/** "Xuất gói chẩn đoán": the zip's path once saved (`null`: the user cancelled the save dialog). */
export function useDiagnosticsExport() {
  return useMutation({ mutationFn: ipc.diagnosticsExport });
}
