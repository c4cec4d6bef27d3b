import { ActionIcon, Alert, Badge, Checkbox, NumberInput, Table, Text } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import type { Dispatch, SetStateAction } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber, formatVnd } from "../../../lib/format";
import { isShort, lineTotal, sellableIn, type ItemRow } from "../../../lib/orders";
import type { FieldErrorOf } from "./types";

/** The order's lines: stock in the chosen warehouse, quantity, price, per-unit discount, amount. */
export function ItemsTable({
  items,
  warehouseId,
  onChange,
  fieldError,
  flash = null,
}: {
  items: ItemRow[];
  warehouseId: string | null;
  onChange: Dispatch<SetStateAction<ItemRow[]>>;
  fieldError: FieldErrorOf;
  /** The key of the line a scan just added to: shown highlighted for a moment. */
  flash?: string | null;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Table mt="sm" data-testid="order-items">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("orders.form.product")}</Table.Th>
          <Table.Th>{t("orders.form.stock")}</Table.Th>
          <Table.Th>{t("orders.form.quantity")}</Table.Th>
          <Table.Th>{t("orders.form.unitPrice")}</Table.Th>
          <Table.Th>{t("orders.form.discount")}</Table.Th>
          <Table.Th>{t("orders.form.lineTotal")}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((r, i) => {
          const s = warehouseId ? sellableIn(r.item, warehouseId) : null;
          const set = (patch: Partial<ItemRow>) => onChange((rows) => rows.map((x, j) => (j === i ? { ...x, ...patch } : x)));
          return (
            <Table.Tr
              key={r.key}
              data-testid="order-item"
              data-scanned={flash === r.key ? "true" : undefined}
              style={flash === r.key ? { backgroundColor: "var(--mantine-color-teal-light)", transition: "background-color 200ms" } : { transition: "background-color 600ms" }}
            >
              <Table.Td>
                <Text size="sm">{r.item.name}</Text>
                <Text size="xs" c="dimmed">
                  {r.item.sku}
                </Text>
              </Table.Td>
              <Table.Td>
                {s === null ? (
                  <Text size="sm" c="dimmed">
                    {t("orders.form.stockUnknown")}
                  </Text>
                ) : (
                  <Badge color={isShort(r, warehouseId) ? "red" : "teal"} variant="light" data-testid="item-stock">
                    {formatNumber(s)}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <NumberInput
                  w={90}
                  min={1}
                  value={r.quantity}
                  onChange={(v) => set({ quantity: Number(v) || 0 })}
                  error={fieldError(`items[${i}].quantity`)}
                  data-testid="item-quantity"
                />
              </Table.Td>
              <Table.Td>
                <NumberInput w={130} min={0} thousandSeparator="." decimalSeparator="," value={r.unitPrice} onChange={(v) => set({ unitPrice: Number(v) || 0 })} error={fieldError(`items[${i}].unitPrice`)} />
              </Table.Td>
              <Table.Td>
                <NumberInput w={110} min={0} thousandSeparator="." decimalSeparator="," value={r.discount} onChange={(v) => set({ discount: Number(v) || 0 })} error={fieldError(`items[${i}].discount`)} />
              </Table.Td>
              <Table.Td>{formatVnd(lineTotal(r))}</Table.Td>
              <Table.Td>
                <ActionIcon variant="subtle" color="red" aria-label={t("common.remove")} onClick={() => onChange((rows) => rows.filter((_, j) => j !== i))}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Lines asking for more than the warehouse can sell: say how many, and let the user send anyway. */
export function ShortWarning({ count, allowed, onAllow }: { count: number; allowed: boolean; onAllow: (allowed: boolean) => void }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <Alert color="orange" mt="sm" data-testid="short-warning">
      <Text size="sm">{t("orders.form.shortWarning", { count })}</Text>
      <Checkbox mt="xs" label={t("orders.form.allowShort")} checked={allowed} onChange={(e) => onAllow(e.currentTarget.checked)} data-testid="short-allow" />
    </Alert>
  );
}
