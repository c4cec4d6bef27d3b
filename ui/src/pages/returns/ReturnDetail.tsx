import { Alert, Badge, Button, Drawer, Group, Loader, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../components/ConfirmModal";
import type { ReturnLine, ReturnRow } from "../../ipc";
import { formatDateTime, formatNumber } from "../../lib/format";
import { useAccountLabelOf } from "../../queries/accounts";
import { useCancelReturn, useReturnDetail } from "../../queries/returns";
import { ReturnStatus } from "./ReturnStatus";

/** One return as the vendor holds it: status, its order, the lines with condition and restocked units, cancel. */
export function ReturnDetail({ row, returnId, onClose }: { row: ReturnRow; returnId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const labelOf = useAccountLabelOf();
  const detail = useReturnDetail(row.accountId, returnId);
  const cancel = useCancelReturn(row.accountId, returnId);
  const [confirming, setConfirming] = useState(false);
  const d = detail.data;
  const current = d?.row ?? row;

  const doCancel = () =>
    cancel.mutate(undefined, {
      onSuccess: () => {
        setConfirming(false);
        notifications.show({ color: "teal", message: t("returns.detail.cancelled", { code: returnId }) });
      },
    });

  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="xl"
      title={t("returns.detail.title", { code: returnId })}
      data-testid="return-detail"
      data-return-id={returnId}
      data-status={current.stage}
    >
      <Stack>
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            {current.reference && (
              <Text size="sm">
                {t("returns.detail.reference")}:{" "}
                <Text span ff="monospace">
                  {current.reference}
                </Text>
              </Text>
            )}
            <Text size="sm">
              {t("returns.list.account")}: {labelOf(current.accountId)} · {t(`vendors.${current.vendor}`)}
            </Text>
            {d?.warehouseCode && (
              <Text size="sm">
                {t("returns.detail.warehouse")}: {d.warehouseCode}
              </Text>
            )}
            {d?.courierTrackingCode && (
              <Text size="sm">
                {t("returns.detail.courier")}:{" "}
                <Text span ff="monospace">
                  {d.courierTrackingCode}
                </Text>
              </Text>
            )}
            {d?.reason && (
              <Text size="sm" data-testid="return-detail-reason">
                {t("returns.detail.reason")}: {d.reason}
              </Text>
            )}
            {d?.note && (
              <Text size="sm">
                {t("returns.detail.note")}: {d.note}
              </Text>
            )}
            {current.createdAt && (
              <Text size="sm">
                {t("returns.list.created")}: {formatDateTime(current.createdAt)}
              </Text>
            )}
          </Stack>
          <ReturnStatus status={current.vendorStatus} stage={current.stage} send={current.send} />
        </Group>

        {d?.offline && (
          <Alert color="yellow" data-testid="return-detail-offline">
            {t("returns.detail.offline")}
          </Alert>
        )}

        <Paper withBorder p="sm" data-testid="return-order" data-order={current.vendorOrderId}>
          <Title order={6}>{t("returns.detail.order")}</Title>
          <Text size="sm" ff="monospace">
            {current.vendorOrderId}
          </Text>
          {d?.order ? (
            <Text size="sm" c="dimmed" data-testid="return-order-status" data-status={d.order.status}>
              {t(`orders.status.${d.order.status}`)} · {d.order.vendorStatus}
              {d.order.customerName ? ` · ${d.order.customerName}` : ""}
            </Text>
          ) : (
            d && (
              <Text size="xs" c="dimmed">
                {t("returns.detail.orderNotPulled")}
              </Text>
            )
          )}
        </Paper>

        {detail.isPending && <Loader size="sm" />}
        {d && <Lines items={d.items} />}

        <Group justify="flex-end">
          {d?.row.cancellable && (
            <Button color="red" variant="light" loading={cancel.isPending} onClick={() => setConfirming(true)} data-testid="return-cancel">
              {t("returns.detail.cancel")}
            </Button>
          )}
          <Button variant="default" onClick={onClose}>
            {t("common.close")}
          </Button>
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t("returns.detail.cancelTitle", { code: returnId })}
        body={t("returns.detail.cancelBody")}
        confirmLabel={t("returns.detail.cancel")}
        confirmTestId="return-cancel-confirm"
        dismissLabel={t("returns.detail.keep")}
        loading={cancel.isPending}
        onConfirm={doCancel}
      />
    </Drawer>
  );
}

/** The returned lines; condition and "back on sale" only where the vendor reports them. */
function Lines({ items }: { items: readonly ReturnLine[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Table data-testid="return-items">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("returns.detail.item")}</Table.Th>
          <Table.Th>{t("returns.detail.quantity")}</Table.Th>
          <Table.Th>{t("returns.detail.condition")}</Table.Th>
          <Table.Th>{t("returns.detail.restocked")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((l, n) => (
          <Table.Tr key={`${l.itemId}-${n}`} data-testid="return-item" data-item={l.itemId} data-restocked={l.restocked === null ? "" : String(l.restocked)}>
            <Table.Td>
              <Text size="sm">{l.name || l.sku || l.itemId}</Text>
              <Text size="xs" c="dimmed" ff="monospace">
                {[l.sku, l.itemId].filter(Boolean).join(" · ")}
              </Text>
            </Table.Td>
            <Table.Td>{formatNumber(l.quantity)}</Table.Td>
            <Table.Td>{l.condition ?? <Text c="dimmed">—</Text>}</Table.Td>
            <Table.Td>
              {l.restocked === null ? (
                <Text size="sm" c="dimmed">
                  {t("returns.detail.notReported")}
                </Text>
              ) : (
                <Badge color={l.restocked ? "teal" : "gray"} variant="light">
                  {t(l.restocked ? "returns.detail.yes" : "returns.detail.no")}
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
