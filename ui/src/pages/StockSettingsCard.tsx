import { Card, Group, NumberInput, Switch, Text, Title } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Settings } from "../ipc";
import { useLowStockMuted } from "../queries/lowStock";
import { useStockSettings } from "../queries/settings";

/** What the fields hold while the user types (a field may be empty for a moment). */
type Draft = { low: number | string; interval: number | string; budget: number | string };
type Values = { low: number; interval: number; budget: number };

/** How long a pause in typing saves the figures (leaving the field saves at once). */
export const SAVE_AFTER_MS = 800;

const fromSettings = (s: Settings): Draft => ({
  low: s.lowStockThreshold,
  interval: s.syncIntervalSeconds,
  budget: s.syncBudgetPercent,
});

/** The draft as figures the backend takes, or `null` while one is empty or out of range. */
function parse(d: Draft): Values | null {
  const [low, interval, budget] = [d.low, d.interval, d.budget].map((v) => (v === "" ? NaN : Number(v)));
  if (low === undefined || interval === undefined || budget === undefined) return null;
  if (!Number.isInteger(low) || low < 0 || low > 100000) return null;
  if (!Number.isInteger(interval) || interval < 0 || interval > 86400) return null;
  if (!Number.isInteger(budget) || budget < 5 || budget > 100) return null;
  return { low, interval, budget };
}

/**
 * The stock settings (low-stock threshold, sync interval, background budget). Each change re-queries the
 * grid, so they are saved when the user leaves a field or pauses typing, not on every keystroke.
 */
export function StockSettingsCard({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const save = useStockSettings();
  const mute = useLowStockMuted();
  const [draft, setDraft] = useState<Draft>(() => fromSettings(settings));
  const [savedOnce, setSavedOnce] = useState(false);

  const commit = (d: Draft) => {
    const v = parse(d);
    if (!v) return;
    const same =
      v.low === settings.lowStockThreshold && v.interval === settings.syncIntervalSeconds && v.budget === settings.syncBudgetPercent;
    if (same) return;
    save.mutate(v, { onSuccess: () => setSavedOnce(true) });
  };
  const later = useDebouncedCallback(commit, { delay: SAVE_AFTER_MS, flushOnUnmount: true });
  const change = (field: keyof Draft) => (value: number | string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    setSavedOnce(false);
    later(next);
  };
  const leave = () => {
    later.flush();
    // a field left empty or out of range shows the saved figure again
    setDraft((d) => (parse(d) ? d : fromSettings(settings)));
  };

  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t("settings.stock")}</Title>
        {(save.isPending || savedOnce) && (
          <Text
            size="sm"
            c={save.isPending ? "dimmed" : "teal"}
            data-testid="stock-settings-state"
            data-state={save.isPending ? "saving" : "saved"}
          >
            {save.isPending ? t("settings.saving") : t("settings.saved")}
          </Text>
        )}
      </Group>
      <Group align="flex-start" grow>
        <NumberInput
          label={t("settings.lowStockThreshold")}
          description={t("settings.lowStockHint")}
          min={0}
          max={100000}
          allowDecimal={false}
          value={draft.low}
          onChange={change("low")}
          onBlur={leave}
          data-testid="low-threshold"
        />
        <NumberInput
          label={t("settings.syncInterval")}
          description={t("settings.syncIntervalHint")}
          min={0}
          max={86400}
          allowDecimal={false}
          value={draft.interval}
          onChange={change("interval")}
          onBlur={leave}
          data-testid="sync-interval"
        />
        <NumberInput
          label={t("settings.syncBudget")}
          description={t("settings.syncBudgetHint")}
          min={5}
          max={100}
          allowDecimal={false}
          suffix="%"
          value={draft.budget}
          onChange={change("budget")}
          onBlur={leave}
          data-testid="sync-budget"
        />
      </Group>
      <Switch
        mt="md"
        label={t("settings.lowStockMuted")}
        description={t("settings.lowStockMutedHint")}
        checked={settings.lowStockMuted}
        disabled={mute.isPending}
        onChange={(e) => mute.mutate(e.currentTarget.checked)}
        data-testid="low-stock-muted"
      />
    </Card>
  );
}
