import { Badge, Button, Group, MultiSelect, Stack, Table, Text, type InputClearButtonProps } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../../components/FormError";
import { usePushMapping, useSavePushMapping } from "../../queries/push";

// a data attribute Mantine passes to the button (its props type does not list data-*)
const CLEAR_BUTTON = { "data-testid": "push-mapping-clear" } as InputClearButtonProps;

/** Which Onflow warehouses feed each of a POS account's warehouses: the default proposal (by region, or
 * every Onflow warehouse for a single POS warehouse) until the owner chooses; "back to default" forgets
 * the choice. */
export function PushMapping({ accountId, onSaved }: { accountId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const current = usePushMapping(accountId);
  const save = useSavePushMapping();
  const [feeds, setFeeds] = useState<Record<string, number[]> | null>(null);
  useEffect(() => {
    if (current.data) setFeeds(Object.fromEntries(current.data.warehouses.map((w) => [w.vendorWhId, w.onflow])));
  }, [current.data]);
  if (current.error) return <FormError error={current.error} />;
  if (!current.data || !feeds) return null;
  const options = current.data.onflow.map((o) => ({ value: String(o.id), label: o.name }));

  return (
    <Stack gap="xs" data-testid="push-mapping">
      <Text size="xs" c="dimmed">
        {t("push.mapping.hint")}
      </Text>
      {current.data.warehouses.length === 0 ? (
        <Text size="sm">{t("push.mapping.noWarehouses")}</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("push.mapping.pos")}</Table.Th>
              <Table.Th>{t("push.mapping.onflow")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {current.data.warehouses.map((w) => (
              <Table.Tr key={w.vendorWhId} data-testid="push-mapping-row" data-warehouse={w.name}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{w.name}</Text>
                    <Badge size="xs" variant="light" color={w.saved ? "grape" : "gray"}>
                      {w.saved ? t("push.mapping.saved") : t("push.mapping.default")}
                    </Badge>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <MultiSelect
                    size="xs"
                    data={options}
                    value={(feeds[w.vendorWhId] ?? []).map(String)}
                    onChange={(v) => setFeeds({ ...feeds, [w.vendorWhId]: v.map(Number) })}
                    placeholder={(feeds[w.vendorWhId] ?? []).length === 0 ? t("push.mapping.none") : undefined}
                    clearable
                    clearButtonProps={CLEAR_BUTTON}
                    aria-label={t("push.mapping.onflowFor", { name: w.name })}
                    data-testid="push-mapping-select"
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <FormError error={save.error} />
      <Group justify="flex-end">
        <Button
          variant="default"
          size="xs"
          loading={save.isPending}
          onClick={() => save.mutate({ accountId, mapping: null }, { onSuccess: onSaved })}
          data-testid="push-mapping-reset"
        >
          {t("push.mapping.reset")}
        </Button>
        <Button
          size="xs"
          loading={save.isPending}
          onClick={() => save.mutate({ accountId, mapping: { feeds } }, { onSuccess: onSaved })}
          data-testid="push-mapping-save"
        >
          {t("push.mapping.save")}
        </Button>
      </Group>
    </Stack>
  );
}
