import { Alert, Button, Group, Modal, NumberInput, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../../components/FormError";
import type { StockLevel } from "../../ipc";
import { formatNumber } from "../../lib/format";
import { useSetStockLimits, useStockLimits } from "../../queries/lowStock";

type Draft = { min: number | string; max: number | string };

const figure = (v: number | string): number | null => (v === "" ? null : Number(v));

/** Whose minimum is in force, in words. */
export function sourceKey(level: Pick<StockLevel, "minSource">): string {
  return level.minSource === "own" ? "lowStock.sourceOwn" : level.minSource === "vendor" ? "lowStock.sourceVendor" : "lowStock.sourceDefault";
}

/**
 * A product's own minimum / maximum. Empty = unset: the vendor's (Nhanh's) figure, else the Settings default,
 * applies, and the fields say so.
 */
export function LimitsModal({ groupKey, name, onClose }: { groupKey: string | null; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const level = useStockLimits(groupKey).data;
  const save = useSetStockLimits();
  const [draft, setDraft] = useState<Draft>({ min: "", max: "" });
  useEffect(() => {
    if (level) setDraft({ min: level.own.min ?? "", max: level.own.max ?? "" });
  }, [level]);
  const min = figure(draft.min);
  const max = figure(draft.max);
  const invalid = min !== null && max !== null && max < min;

  const submit = () =>
    groupKey &&
    save.mutate({ groupKey, limits: { min, max } }, { onSuccess: () => onClose() });

  return (
    <Modal opened={groupKey !== null} onClose={onClose} title={t("lowStock.limitsTitle", { name })} data-testid="limits-modal">
      <Stack gap="sm">
        {level && (
          <Text size="sm" data-testid="limits-in-force">
            {t("lowStock.inForce", { figure: formatNumber(level.figure), min: formatNumber(level.min), source: t(sourceKey(level)) })}
          </Text>
        )}
        {level && (level.vendor.min !== null || level.vendor.max !== null) && (
          <Alert color="blue" variant="light" data-testid="limits-vendor">
            {t("lowStock.vendorLimits", { min: level.vendor.min ?? "—", max: level.vendor.max ?? "—" })}
          </Alert>
        )}
        <NumberInput
          label={t("lowStock.min")}
          placeholder={level ? t("lowStock.unsetPlaceholder", { value: level.vendor.min ?? level.min }) : ""}
          min={0}
          max={1_000_000_000}
          allowDecimal={false}
          allowNegative={false}
          value={draft.min}
          onChange={(v) => setDraft((d) => ({ ...d, min: v }))}
          data-testid="limits-min"
        />
        <NumberInput
          label={t("lowStock.max")}
          placeholder={level?.vendor.max != null ? t("lowStock.unsetPlaceholder", { value: level.vendor.max }) : ""}
          min={0}
          max={1_000_000_000}
          allowDecimal={false}
          allowNegative={false}
          value={draft.max}
          onChange={(v) => setDraft((d) => ({ ...d, max: v }))}
          error={invalid ? t("lowStock.maxBelowMin") : undefined}
          data-testid="limits-max"
        />
        <Text size="xs" c="dimmed">
          {t("lowStock.unsetHint")}
        </Text>
        {save.error && <FormError error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={submit} loading={save.isPending} disabled={invalid} data-testid="limits-save">
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
