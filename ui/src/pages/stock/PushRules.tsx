import { ActionIcon, Button, Checkbox, Group, NumberInput, Stack, Switch, Table, Text, TextInput } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Rule, RuleSet } from "../../ipc";
import { fieldError, FormError } from "../../components/FormError";
import { usePushRules, useSavePushRules } from "../../queries/push";

const skuKey = (s: string) => s.trim().toUpperCase();
const num = (v: string | number, fallback: number) => (typeof v === "number" ? v : v === "" ? fallback : Number(v));

/** One POS account's push rules: the default rule, the age limit, the automatic mode with its circuit
 * breaker, and per-SKU overrides. */
export function PushRules({ accountId, onSaved }: { accountId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const saved = usePushRules(accountId);
  const save = useSavePushRules();
  const [rules, setRules] = useState<RuleSet | null>(null);
  const [newSku, setNewSku] = useState("");
  useEffect(() => {
    if (saved.data) setRules(saved.data);
  }, [saved.data]);
  if (!rules) return null;

  const setDefault = (patch: Partial<Rule>) => setRules({ ...rules, default: { ...rules.default, ...patch } });
  const setOverride = (sku: string, patch: Partial<Rule> | null) => {
    const overrides =
      patch === null
        ? Object.fromEntries(Object.entries(rules.overrides).filter(([k]) => k !== sku))
        : { ...rules.overrides, [sku]: { ...(rules.overrides[sku] ?? rules.default), ...patch } };
    setRules({ ...rules, overrides });
  };
  const err = (field: string) => fieldError(save.error, field, t);
  const overrides = Object.entries(rules.overrides);

  return (
    <Stack gap="xs" data-testid="push-rules">
      <Group grow align="flex-start">
        <NumberInput
          label={t("push.rules.keepBack")}
          min={0}
          value={rules.default.keepBack}
          onChange={(v) => setDefault({ keepBack: num(v, 0) })}
          error={err("default.keepBack")}
          data-testid="push-rule-keepback"
        />
        <NumberInput
          label={t("push.rules.percent")}
          min={0}
          max={100}
          suffix="%"
          value={rules.default.percent}
          onChange={(v) => setDefault({ percent: num(v, 100) })}
          error={err("default.percent")}
        />
        <NumberInput
          label={t("push.rules.cap")}
          min={0}
          placeholder={t("push.rules.noCap")}
          value={rules.default.cap ?? ""}
          onChange={(v) => setDefault({ cap: v === "" ? null : num(v, 0) })}
          error={err("default.cap")}
        />
        <NumberInput
          label={t("push.rules.maxAge")}
          min={0}
          value={rules.maxAgeMinutes}
          onChange={(v) => setRules({ ...rules, maxAgeMinutes: num(v, 0) })}
          error={err("maxAgeMinutes")}
        />
      </Group>
      <Switch
        label={t("push.rules.subtractUnshipped")}
        checked={rules.default.subtractUnshipped}
        onChange={(e) => setDefault({ subtractUnshipped: e.currentTarget.checked })}
      />
      <Switch
        label={t("push.rules.automatic")}
        description={t("push.rules.automaticHint")}
        checked={rules.automatic}
        onChange={(e) => setRules({ ...rules, automatic: e.currentTarget.checked })}
        data-testid="push-rule-automatic"
      />
      {rules.automatic && (
        <Group grow align="flex-start">
          <NumberInput
            label={t("push.rules.maxSharePercent")}
            min={0}
            max={100}
            suffix="%"
            value={rules.breaker.maxSharePercent}
            onChange={(v) => setRules({ ...rules, breaker: { ...rules.breaker, maxSharePercent: num(v, 20) } })}
            error={err("breaker.maxSharePercent")}
            data-testid="push-rule-max-share"
          />
          <NumberInput
            label={t("push.rules.maxMove")}
            min={0}
            value={rules.breaker.maxMove}
            onChange={(v) => setRules({ ...rules, breaker: { ...rules.breaker, maxMove: num(v, 50) } })}
            error={err("breaker.maxMove")}
            data-testid="push-rule-max-move"
          />
        </Group>
      )}
      <Text size="sm" fw={600}>
        {t("push.rules.overrides")}
      </Text>
      {overrides.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>SKU</Table.Th>
              <Table.Th>{t("push.rules.keepBack")}</Table.Th>
              <Table.Th>{t("push.rules.excluded")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {overrides.map(([sku, r]) => (
              <Table.Tr key={sku} data-testid="push-rule-override" data-sku={sku}>
                <Table.Td>{sku}</Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    min={0}
                    value={r.keepBack}
                    onChange={(v) => setOverride(sku, { keepBack: num(v, 0) })}
                    error={err(`overrides.${sku}.keepBack`)}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    checked={r.excluded}
                    onChange={(e) => setOverride(sku, { excluded: e.currentTarget.checked })}
                    aria-label={t("push.rules.excluded")}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" onClick={() => setOverride(sku, null)} aria-label={t("push.rules.remove")}>
                    <IconTrash size={14} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group align="flex-end">
        <TextInput
          size="xs"
          label={t("push.rules.addSku")}
          value={newSku}
          maxLength={100}
          onChange={(e) => setNewSku(e.currentTarget.value)}
        />
        <Button
          size="xs"
          variant="default"
          disabled={skuKey(newSku) === "" || skuKey(newSku) in rules.overrides}
          onClick={() => {
            setOverride(skuKey(newSku), {});
            setNewSku("");
          }}
        >
          {t("push.rules.add")}
        </Button>
      </Group>
      <FormError error={save.error} />
      <Group justify="flex-end">
        <Button
          loading={save.isPending}
          onClick={() => save.mutate({ accountId, rules }, { onSuccess: onSaved })}
          data-testid="push-rules-save"
        >
          {t("push.rules.save")}
        </Button>
      </Group>
    </Stack>
  );
}
