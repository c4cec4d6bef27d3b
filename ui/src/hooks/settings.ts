import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ipc, type Language, type Settings } from "../ipc";

const SETTINGS_KEY = ["settings"] as const;

export function useSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: ipc.getSettings, staleTime: Infinity });
}

export function useAppInfo() {
  return useQuery({ queryKey: ["app-info"], queryFn: ipc.appInfo, staleTime: Infinity }).data;
}

/** The UI language: read from the persisted settings, changed through the backend so it survives a restart. */
export function useLanguage() {
  const { i18n } = useTranslation();
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: (language: Language) => ipc.setLanguage(language),
    onSuccess: (settings: Settings) => {
      qc.setQueryData(SETTINGS_KEY, settings);
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
    mutationFn: (a: { low: number; interval: number }) => ipc.setStockSettings(a.low, a.interval),
    onSuccess: (settings: Settings) => {
      qc.setQueryData(SETTINGS_KEY, settings);
      void qc.invalidateQueries({ queryKey: ["stock"] });
    },
  });
}

/** Problems opening the local databases at start-up (`null` when there are none). */
export function useRecovery() {
  return useQuery({ queryKey: ["recovery"], queryFn: ipc.recoveryStatus, staleTime: Infinity });
}
