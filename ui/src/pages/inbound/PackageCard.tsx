import { ActionIcon, Badge, Grid, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { LineCheck } from "../../ipc";
import { addLine, blocks, linePath, lineFlag, packagePath, type LineFlag, type PackageForm } from "../../lib/inbound";
import { ItemSearch } from "../orders/form/ItemSearch";

const FLAG_COLOR: Record<LineFlag, string> = {
  ready: "teal",
  checking: "gray",
  unknown: "yellow",
  inactive: "red",
  notMapped: "red",
  notFound: "red",
};

/** A number input's value as the form keeps it (`null`: left empty). */
function num(v: string | number): number | null {
  if (v === "" || v === null) return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * One carton of the PO: its code, weight and size, and its lines picked from the account's catalog, each
 * with whether the warehouse accepts that product (asked of the vendor while the PO is built).
 */
export function PackageCard({
  index,
  pkg,
  accountId,
  warehouseChosen,
  checks,
  checkFailed,
  removable,
  onChange,
  onRemove,
  fieldError,
}: {
  index: number;
  pkg: PackageForm;
  accountId: string | null;
  warehouseChosen: boolean;
  checks: readonly LineCheck[] | undefined;
  checkFailed: boolean;
  removable: boolean;
  onChange: (update: (p: PackageForm) => PackageForm) => void;
  onRemove: () => void;
  fieldError: (path: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const fe = (field: string) => fieldError(packagePath(index, field));
  const set = (patch: Partial<PackageForm>) => onChange((p) => ({ ...p, ...patch }));
  return (
    <Paper withBorder p="md" data-testid="po-package" data-code={pkg.code}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>{t("inbound.form.packageTitle", { n: index + 1 })}</Text>
          {removable && (
            <ActionIcon variant="subtle" color="red" aria-label={t("inbound.form.removePackage")} onClick={onRemove} data-testid="po-remove-package">
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
        <Grid>
          <Grid.Col span={{ base: 12, sm: 3 }}>
            <TextInput
              label={t("inbound.form.packageCode")}
              value={pkg.code}
              onChange={(e) => set({ code: e.currentTarget.value })}
              required
              error={fe("code")}
              data-testid="po-package-code"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 2 }}>
            <NumberInput
              label={t("inbound.form.weight")}
              min={0}
              value={pkg.weight ?? ""}
              onChange={(v) => set({ weight: num(v) })}
              error={fe("weight")}
              data-testid="po-package-weight"
            />
          </Grid.Col>
          {(["length", "width", "height"] as const).map((k) => (
            <Grid.Col key={k} span={{ base: 6, sm: 1.5 }}>
              <NumberInput
                label={t(`inbound.form.${k}`)}
                min={0}
                value={pkg[k] ?? ""}
                onChange={(v) => set({ [k]: num(v) })}
                error={fe(k)}
                data-testid={`po-package-${k}`}
              />
            </Grid.Col>
          ))}
          <Grid.Col span={{ base: 12, sm: 2.5 }}>
            <TextInput
              label={t("inbound.form.packageNote")}
              value={pkg.note}
              onChange={(e) => set({ note: e.currentTarget.value })}
              error={fe("note")}
              data-testid="po-package-note"
            />
          </Grid.Col>
        </Grid>

        {accountId ? (
          <ItemSearch
            accountId={accountId}
            onPick={(item) => onChange((p) => addLine(p, item))}
            label={t("inbound.form.addItem")}
            testId="po-item-search"
            optionTestId="po-item-option"
            error={fe("items")}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {t("inbound.form.pickAccountFirst")}
          </Text>
        )}

        {pkg.lines.length > 0 && (
          <Table data-testid="po-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("inbound.form.product")}</Table.Th>
                <Table.Th>{t("inbound.form.readiness")}</Table.Th>
                <Table.Th>{t("inbound.form.quantity")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pkg.lines.map((l, li) => {
                const flag = lineFlag(l.oasin, checks, checkFailed);
                const vendorStatus = checks?.find((c) => c.oasin === l.oasin)?.vendorStatus ?? null;
                const oasinError = fieldError(linePath(index, li, "oasin"));
                const help = flag === "checking" && !warehouseChosen ? t("inbound.form.pickWarehouseToCheck") : t(`inbound.lineHelp.${flag}`);
                return (
                  <Table.Tr key={l.key} data-testid="po-line" data-oasin={l.oasin}>
                    <Table.Td>
                      <Text size="sm">{l.name}</Text>
                      <Text size="xs" c="dimmed">
                        {l.sku ?? ""} · <Text span ff="monospace" size="xs">{l.oasin}</Text>
                      </Text>
                      {oasinError && (
                        <Text size="xs" c="red">
                          {oasinError}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2} align="flex-start">
                        <Tooltip label={help} multiline w={280}>
                          <Badge color={FLAG_COLOR[flag]} variant="light" data-testid="po-line-flag" data-state={flag}>
                            {t(`inbound.lineState.${flag}`)}
                          </Badge>
                        </Tooltip>
                        {flag !== "ready" && (
                          <Text size="xs" c={blocks(flag) && flag !== "checking" ? "red" : "dimmed"} maw={260}>
                            {help}
                            {vendorStatus ? ` ${t("inbound.form.vendorProductStatus", { status: vendorStatus })}` : ""}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        w={110}
                        min={1}
                        allowDecimal={false}
                        value={l.quantity}
                        onChange={(v) =>
                          onChange((p) => ({ ...p, lines: p.lines.map((x) => (x.key === l.key ? { ...x, quantity: Number(v) || 0 } : x)) }))
                        }
                        error={fieldError(linePath(index, li, "quantity"))}
                        data-testid="po-item-qty"
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t("common.remove")}
                        onClick={() => onChange((p) => ({ ...p, lines: p.lines.filter((x) => x.key !== l.key) }))}
                        data-testid="po-remove-line"
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
