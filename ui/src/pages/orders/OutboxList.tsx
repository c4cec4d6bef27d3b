import {
  Alert, Badge, Button, Table, Text, Tooltip } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { EmptyState } from "../../components/EmptyState";
import { StoredError } from "../../components/StoredError";
import type { OutboxState } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { formatVnd } from "../../lib/format";
import { sendErrorShown, shownErrorLine } from "../../lib/storedErrors";
import { useWorkspace } from "../../queries/accounts";
import { useOutbox, useRetryOrder } from "../../queries/orders";

const COLOR: Record<OutboxState, string> = {
  queued: "gray",
  sending: "blue",
  unknown: "yellow",
  created: "teal",
  failed: "red",
  needsAttention: "orange",
};

/** The states the owner must act on (Rust's `home::needs_attention`: the home page counts the same). */
const ATTENTION: readonly OutboxState[] = ["failed", "unknown", "needsAttention"];

/** Orders entered in ShopDesk and their sending state: sending, created (vendor id), failed, needs attention. */
export function OutboxList() {
  const { t } = useTranslation();
  const ws = useWorkspace().data;
  const list = useOutbox();
  const retry = useRetryOrder();
  const labelOf = (id: string) => {
    const a = ws?.accounts.find((x) => x.id === id);
    return a ? accountLabel(a, t) : id;
  };
  // `?attention=1` (the home page's figure): only the orders the owner must act on
  const [params, setParams] = useSearchParams();
  const attention = params.get("attention") === "1";
  const all = list.data?.entries ?? [];
  const rows = attention ? all.filter((e) => ATTENTION.includes(e.state)) : all;
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
          return (
            <Table.Tr
              key={e.id}
              data-testid="outbox-row"
              data-state={e.state}
              data-vendor={e.vendor}
              data-documents={e.draft.extras.onflow?.documentUrls.length ?? 0}
            >
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {e.clientRef}
                </Text>
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
                {e.state !== "created" && <StoredError error={problem} testId="outbox-error" maw={280} />}
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" data-testid="outbox-vendor-id">
                  {e.vendorOrderId ?? ""}
                </Text>
              </Table.Td>
              <Table.Td>
                {e.state === "needsAttention" && (
                  <Button size="xs" variant="light" onClick={() => retry.mutate(e.id)} loading={retry.isPending}>
                    {t("orders.outbox.retry")}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
    </>
  );
}
