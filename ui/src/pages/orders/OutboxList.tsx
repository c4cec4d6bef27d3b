import {
  Alert, Badge, Button, Group, Table, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";
import { ConfirmModal } from "../../components/ConfirmModal";
import { EmptyState } from "../../components/EmptyState";
import { StoredError } from "../../components/StoredError";
import type { OutboxEntry, OutboxState } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { formatVnd } from "../../lib/format";
import { sendErrorShown, shownErrorLine } from "../../lib/storedErrors";
import { useWorkspace } from "../../queries/accounts";
import { canFix, needsAction, todoOf } from "../../lib/outbox";
import { useDismissOrder, useOutbox, useRetryOrder } from "../../queries/orders";

const COLOR: Record<OutboxState, string> = {
  queued: "gray",
  sending: "blue",
  unknown: "yellow",
  created: "teal",
  failed: "red",
  needsAttention: "orange",
};

/**
 * Orders entered in ShopDesk and their sending state: sending, created (vendor id), failed, needs attention. Each
 * row says what to do; a refused order opens in the form to be fixed and sent again, or is dismissed.
 */
export function OutboxList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ws = useWorkspace().data;
  const list = useOutbox();
  const retry = useRetryOrder();
  const dismiss = useDismissOrder();
  const [dismissing, setDismissing] = useState<OutboxEntry | null>(null);
  const doDismiss = () => {
    if (!dismissing) return;
    dismiss.mutate(dismissing.id, {
      onSuccess: (e) => {
        setDismissing(null);
        notifications.show({ color: "gray", message: t("orders.fix.dismissed", { ref: e.clientRef }) });
      },
    });
  };
  const labelOf = (id: string) => {
    const a = ws?.accounts.find((x) => x.id === id);
    return a ? accountLabel(a, t) : id;
  };
  // `?attention=1` (the home page's figure): only the orders the owner must act on
  const [params, setParams] = useSearchParams();
  const attention = params.get("attention") === "1";
  const all = list.data?.entries ?? [];
  // the rows the owner must act on: the home page's figure counts the same (`OutboxEntry::needs_action`)
  const rows = attention ? all.filter(needsAction) : all;
  const unreadable = list.data?.unreadable ?? [];
  if (!list.isPending && all.length === 0 && unreadable.length === 0)
    return <EmptyState icon={<IconSend size={34} stroke={1.5} />} title={t("orders.outbox.emptyTitle")} body={t("orders.outbox.emptyBody")} />;
  return (
    <>
    {attention && (
      <Alert color="blue" mb="sm" data-testid="outbox-attention-filter">
        {t("home.attentionOnly")}{" "}
        <Button size="compact-xs" variant="subtle" onClick={() => setParams({ tab: "sent" })} data-testid="outbox-attention-clear">
          {t("home.attentionClear")}
        </Button>
      </Alert>
    )}
    {unreadable.length > 0 && (
      <Alert color="orange" mb="sm" data-testid="outbox-unreadable">
        {t("orders.outbox.unreadable", { count: unreadable.length, refs: unreadable.map((u) => u.clientRef ?? `#${u.id}`).join(", ") })}
      </Alert>
    )}
    <Table striped data-testid="outbox-table" data-rows={rows.length} data-unreadable={unreadable.length}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("orders.outbox.ref")}</Table.Th>
          <Table.Th>{t("orders.list.account")}</Table.Th>
          <Table.Th>{t("orders.list.customer")}</Table.Th>
          <Table.Th>{t("orders.list.cod")}</Table.Th>
          <Table.Th>{t("orders.outbox.state")}</Table.Th>
          <Table.Th>{t("orders.outbox.vendorId")}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((e) => {
          const problem = sendErrorShown(e, t);
          const todo = todoOf(e);
          return (
            <Table.Tr
              key={e.id}
              data-testid="outbox-row"
              data-id={e.id}
              data-ref={e.clientRef}
              data-state={e.state}
              data-todo={todo}
              data-needs-action={needsAction(e)}
              data-superseded-by={e.supersededBy ?? ""}
              data-previous-refs={e.previousRefs.join(" ")}
              data-vendor={e.vendor}
              data-documents={e.draft.extras.onflow?.documentUrls.length ?? 0}
            >
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {e.clientRef}
                </Text>
                {e.previousRefs.length > 0 && (
                  <Text size="xs" c="dimmed" data-testid="outbox-previous">
                    {t("orders.fix.replaces", { refs: e.previousRefs.join(", ") })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{labelOf(e.accountId)}</Text>
                <Text size="xs" c="dimmed">
                  {t(`vendors.${e.vendor}`)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{e.draft.customer.name || "—"}</Text>
                <Text size="xs" c="dimmed">
                  {e.draft.customer.phone}
                </Text>
              </Table.Td>
              <Table.Td>{formatVnd(e.cod)}</Table.Td>
              <Table.Td>
                <Tooltip label={shownErrorLine(problem, t) ?? ""} disabled={!problem} multiline w={320}>
                  <Badge color={COLOR[e.state]} variant="light" data-testid="outbox-state">
                    {t(`orders.outbox.states.${e.state}`)}
                  </Badge>
                </Tooltip>
                {e.state !== "created" && todo !== "superseded" && todo !== "dismissed" && (
                  <StoredError error={problem} testId="outbox-error" maw={280} />
                )}
                <Text size="xs" c={needsAction(e) ? "orange.8" : "dimmed"} maw={300} data-testid="outbox-todo" data-todo={todo}>
                  {t(`orders.fix.todo.${todo}`, { ref: e.supersededBy ?? "" })}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" data-testid="outbox-vendor-id">
                  {e.vendorOrderId ?? ""}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {canFix(e) && (
                    <Button size="xs" variant="light" onClick={() => navigate(`/orders/fix/${e.id}`)} data-testid="outbox-fix">
                      {t("orders.fix.open")}
                    </Button>
                  )}
                  {e.state === "needsAttention" && needsAction(e) && (
                    <Button size="xs" variant="light" onClick={() => retry.mutate(e.id)} loading={retry.isPending}>
                      {t("orders.outbox.retry")}
                    </Button>
                  )}
                  {needsAction(e) && (
                    <Button size="xs" variant="subtle" color="gray" onClick={() => setDismissing(e)} data-testid="outbox-dismiss">
                      {t("orders.fix.dismiss")}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
    <ConfirmModal
      opened={!!dismissing}
      onClose={() => setDismissing(null)}
      title={t("orders.fix.dismissTitle", { ref: dismissing?.clientRef ?? "" })}
      body={t(dismissing?.state === "needsAttention" ? "orders.fix.dismissBodyAttention" : "orders.fix.dismissBody")}
      confirmLabel={t("orders.fix.dismiss")}
      confirmTestId="outbox-dismiss-confirm"
      dismissLabel={t("orders.fix.keep")}
      loading={dismiss.isPending}
      onConfirm={doDismiss}
    />
    </>
  );
}
