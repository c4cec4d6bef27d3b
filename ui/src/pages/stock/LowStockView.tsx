import { ActionIcon, Badge, Button, Group, Menu, Table, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAdjustments, IconCircleCheck, IconDownload } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../../components/EmptyState";
import { FormError } from "../../components/FormError";
import type { LowStockRow } from "../../ipc";
import { formatNumber } from "../../lib/format";
import { useLowStock, useLowStockExport } from "../../queries/lowStock";
import { LimitsModal, sourceKey } from "./LimitsModal";

/** "≈ 4 ngày nữa hết", or why there is no estimate. */
function daysLeftText(r: LowStockRow, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (r.figure <= 0) return t("lowStock.outNow");
  if (r.daysLeft === null) return t("lowStock.noSales");
  return t("lowStock.daysLeft", { days: formatNumber(Math.max(1, Math.round(r.daysLeft))) });
}

/**
 * "Sắp hết": the products below their minimum (their physical figure, or the POS figure for POS-only goods),
 * with how fast they sell (last 14 days of orders), when they run out, and an export to start a PO from.
 */
export function LowStockView() {
  const { t } = useTranslation();
  const low = useLowStock();
  const exporter = useLowStockExport();
  const [editing, setEditing] = useState<LowStockRow | null>(null);
  const view = low.data;
  const rows = view?.rows ?? [];

  const doExport = (format: "csv" | "xlsx") =>
    exporter.mutate(format, {
      onSuccess: (r) => {
        if (r) notifications.show({ color: "teal", message: t("lowStock.exported", { count: formatNumber(r.rows), path: r.path }) });
      },
    });

  return (
    <div data-testid="low-stock" data-checked-at={view?.checkedAt ?? ""} data-count={view ? rows.length : ""}>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {t("lowStock.intro", { days: view?.speedDays ?? 14, min: view?.defaultMin ?? 0 })}
        </Text>
        <Menu>
          <Menu.Target>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              loading={exporter.isPending}
              disabled={rows.length === 0}
              data-testid="low-export"
            >
              {t("lowStock.export")}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => doExport("csv")} data-testid="low-export-csv">
              CSV
            </Menu.Item>
            <Menu.Item onClick={() => doExport("xlsx")} data-testid="low-export-xlsx">
              Excel (XLSX)
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      {exporter.error && <FormError error={exporter.error} />}
      {low.error && <FormError error={low.error} />}
      {view && rows.length === 0 ? (
        <EmptyState icon={<IconCircleCheck size={34} stroke={1.5} />} title={t("lowStock.emptyTitle")} body={t("lowStock.emptyBody")} />
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("lowStock.product")}</Table.Th>
              <Table.Th ta="right">{t("lowStock.figure")}</Table.Th>
              <Table.Th ta="right">{t("lowStock.min")}</Table.Th>
              <Table.Th ta="right">{t("lowStock.max")}</Table.Th>
              <Table.Th ta="right">{t("lowStock.speed")}</Table.Th>
              <Table.Th>{t("lowStock.runsOut")}</Table.Th>
              <Table.Th ta="right">{t("lowStock.reorder")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.groupKey} data-testid="low-row" data-sku={r.sku ?? ""}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {r.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.sku ?? ""}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Text size="sm" c="red" fw={600} data-testid="low-figure">
                      {formatNumber(r.figure)}
                    </Text>
                    <Badge size="xs" variant="light" color={r.basis === "physical" ? "blue" : "grape"}>
                      {t(r.basis === "physical" ? "lowStock.basisPhysical" : "lowStock.basisPos")}
                    </Badge>
                  </Group>
                </Table.Td>
                <Table.Td ta="right">
                  <Tooltip label={t(sourceKey(r))}>
                    <Text size="sm" data-testid="low-min" data-source={r.minSource}>
                      {formatNumber(r.min)}
                      {r.minSource === "vendor" ? ` (${t("lowStock.sourceVendorShort")})` : ""}
                    </Text>
                  </Tooltip>
                  {r.minSource === "own" && r.vendor.min !== null && (
                    <Text size="xs" c="dimmed">
                      {t("lowStock.vendorBeside", { value: formatNumber(r.vendor.min) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">{r.max === null ? "—" : formatNumber(r.max)}</Table.Td>
                <Table.Td ta="right">{t("lowStock.perDay", { value: (r.perDay ?? 0).toFixed(1) })}</Table.Td>
                <Table.Td data-testid="low-days">{daysLeftText(r, t)}</Table.Td>
                <Table.Td ta="right" data-testid="low-reorder">
                  {formatNumber(r.reorder)}
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t("lowStock.editLimits")}
                    onClick={() => setEditing(r)}
                    data-testid="low-edit-limits"
                  >
                    <IconAdjustments size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LimitsModal groupKey={editing?.groupKey ?? null} name={editing?.name ?? ""} onClose={() => setEditing(null)} />
    </div>
  );
}
