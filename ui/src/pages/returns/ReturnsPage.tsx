import { Alert, Button, Group, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowBackUp, IconRefresh, IconX } from "@tabler/icons-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { ConfirmModal } from "../../components/ConfirmModal";
import { EmptyState } from "../../components/EmptyState";
import { errorText } from "../../components/errors";
import { PageHeader } from "../../components/PageHeader";
import { StoredError } from "../../components/StoredError";
import { toAppError, type ReturnRow } from "../../ipc";
import { formatDateTime, formatNumber } from "../../lib/format";
import { sendAction } from "../../lib/inbound";
import { filterReturns, RETURN_STAGES, returnGroupCounts, type ReturnGroup } from "../../lib/returns";
import { useAccountLabelOf } from "../../queries/accounts";
import { useDiscardReturn, useReturnList, useReturnsSync, useRetryReturn } from "../../queries/returns";
import { useReadOnOpen } from "../../queries/readOnOpen";
import { SEND_COLOR } from "../inbound/PoStatus";
import { ReturnDetail } from "./ReturnDetail";
import { RETURN_STAGE_COLOR, ReturnStatus } from "./ReturnStatus";

const GROUPS: readonly ReturnGroup[] = ["unsent", ...RETURN_STAGES];

/** The group a link names (`all` for anything else). */
function linkedReturnGroup(v: string | null): ReturnGroup | "all" {
  return GROUPS.find((g) => g === v) ?? "all";
}

/**
 * Returns: every vendor's returns in one list (Onflow's return shipments, and the requests ShopDesk is sending),
 * each with its order; a return's detail with its lines, condition and restocked units; cancel. Opened from an
 * order with `?account=…&order=…` (and `&return=…`), it shows that order's returns and opens the one.
 */
export function ReturnsPage() {
  const { t } = useTranslation();
  const labelOf = useAccountLabelOf();
  const list = useReturnList();
  const sync = useReturnsSync();
  const retry = useRetryReturn();
  const discard = useDiscardReturn();
  const [params, setParams] = useSearchParams();
  // `?group=in_transit` (the home page's figures) opens the list on one group
  const [group, setGroup] = useState<ReturnGroup | "all">(() => linkedReturnGroup(params.get("group")));
  const [open, setOpen] = useState<ReturnRow | null>(null);
  const [discarding, setDiscarding] = useState<ReturnRow | null>(null);

  const account = params.get("account");
  const orderId = params.get("order");
  const order = useMemo(() => (account && orderId ? { accountId: account, vendorOrderId: orderId } : null), [account, orderId]);
  const wanted = params.get("return");

  // read the vendors' returns when the page opens (at most once a minute; the read button reads at once)
  useReadOnOpen("returns", sync.mutate);

  const rows = useMemo(() => list.data ?? [], [list.data]);
  const counts = returnGroupCounts(rows);
  const shown = filterReturns(rows, group, order);

  // opened for one order: open its return (the one asked for, or its only one) once the list has it
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!order) return;
    const mine = filterReturns(rows, "all", order).filter((r) => r.returnId);
    const pick = wanted ? mine.find((r) => r.returnId === wanted) : mine.length === 1 ? mine[0] : undefined;
    const key = pick ? pick.key : null;
    if (pick && opened.current !== key) {
      opened.current = key;
      setOpen(pick);
    }
  }, [rows, order, wanted]);

  const clearOrder = () => {
    opened.current = null;
    setParams({});
  };

  const doDiscard = () => {
    const r = discarding;
    if (!r?.reference) return;
    discard.mutate(r.reference, {
      onSuccess: () => {
        notifications.show({ color: "teal", message: t("returns.list.discarded", { ref: r.reference }) });
        setDiscarding(null);
      },
    });
  };

  return (
    <Stack>
      <PageHeader title={t("returns.title")}>
        <Button variant="default" leftSection={<IconRefresh size={16} />} loading={sync.isPending} onClick={() => sync.mutate()} data-testid="returns-sync">
          {t("returns.list.sync")}
        </Button>
      </PageHeader>

      {sync.error && (
        <Alert color="orange" data-testid="returns-sync-error" data-code={toAppError(sync.error).code}>
          <Text size="sm">{t("returns.list.syncFailed")}</Text>
          <Text size="xs" c="dimmed">
            {errorText(toAppError(sync.error))}
          </Text>
        </Alert>
      )}

      {order && (
        <Alert color="blue" data-testid="returns-order-filter" data-order={order.vendorOrderId}>
          <Group justify="space-between">
            <Text size="sm">{t("returns.list.forOrder", { id: order.vendorOrderId })}</Text>
            <Button size="compact-sm" variant="subtle" leftSection={<IconX size={14} />} onClick={clearOrder} data-testid="returns-order-clear">
              {t("returns.list.allOrders")}
            </Button>
          </Group>
        </Alert>
      )}

      {!list.isPending && rows.length === 0 ? (
        <EmptyState icon={<IconArrowBackUp size={34} stroke={1.5} />} title={t("returns.list.emptyTitle")} body={t("returns.list.emptyBody")} />
      ) : (
        <>
          <Group gap={6} data-testid="return-stage-filter">
            <Button size="compact-sm" variant={group === "all" ? "filled" : "light"} onClick={() => setGroup("all")} data-testid="return-filter-all">
              {t("returns.list.all")} ({formatNumber(rows.length)})
            </Button>
            {GROUPS.filter((g) => counts[g] > 0 || g === group).map((g) => (
              <Button
                key={g}
                size="compact-sm"
                variant={group === g ? "filled" : "light"}
                color={g === "unsent" ? SEND_COLOR.sending : RETURN_STAGE_COLOR[g]}
                onClick={() => setGroup(g)}
                data-testid={`return-filter-${g}`}
              >
                {t(g === "unsent" ? "returns.list.unsent" : `returns.stage.${g}`)} ({formatNumber(counts[g])})
              </Button>
            ))}
          </Group>
          <Table striped highlightOnHover data-testid="return-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("returns.list.return")}</Table.Th>
                <Table.Th>{t("returns.list.order")}</Table.Th>
                <Table.Th>{t("returns.list.account")}</Table.Th>
                <Table.Th>{t("returns.list.status")}</Table.Th>
                <Table.Th>{t("returns.list.units")}</Table.Th>
                <Table.Th>{t("returns.list.created")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => {
                const action = sendAction(r.send);
                const error = r.error;
                return (
                  <Table.Tr
                    key={r.key}
                    onClick={() => r.returnId && setOpen(r)}
                    style={{ cursor: r.returnId ? "pointer" : undefined }}
                    data-testid="return-row"
                    data-vendor={r.vendor}
                    data-status={r.stage}
                    data-send={r.send ?? ""}
                    data-order={r.vendorOrderId}
                    data-return-id={r.returnId ?? ""}
                    data-reference={r.reference ?? ""}
                  >
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {r.returnId ?? "—"}
                      </Text>
                      {r.reference && (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {r.reference}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {r.vendorOrderId}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{labelOf(r.accountId)}</Text>
                      <Text size="xs" c="dimmed">
                        {t(`vendors.${r.vendor}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ReturnStatus status={r.vendorStatus} stage={r.stage} send={r.send} />
                      {r.send && error && (
                        <StoredError error={{ code: error.code, text: errorText(error), detail: error.message || null }} testId="return-error" maw={320} />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{r.units > 0 ? formatNumber(r.units) : t("returns.list.wholeOrder")}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{r.createdAt ? formatDateTime(r.createdAt) : "—"}</Text>
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      {action === "retry" && r.reference && (
                        <Button
                          size="xs"
                          variant="light"
                          loading={retry.isPending && retry.variables === r.reference}
                          onClick={() => r.reference && retry.mutate(r.reference)}
                          data-testid="return-retry"
                        >
                          {t("returns.list.retry")}
                        </Button>
                      )}
                      {action === "discard" && (
                        <Button size="xs" variant="light" color="red" onClick={() => setDiscarding(r)} data-testid="return-discard">
                          {t("returns.list.discard")}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </>
      )}

      {open?.returnId && <ReturnDetail row={open} returnId={open.returnId} onClose={() => setOpen(null)} />}
      <ConfirmModal
        opened={!!discarding}
        onClose={() => setDiscarding(null)}
        title={t("returns.list.discardTitle", { ref: discarding?.reference ?? "" })}
        body={t("returns.list.discardBody")}
        confirmLabel={t("returns.list.discard")}
        confirmTestId="return-discard-confirm"
        dismissLabel={t("returns.list.keep")}
        loading={discard.isPending}
        onConfirm={doDiscard}
      />
    </Stack>
  );
}
