import {
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Pagination,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconArrowBackUp, IconDownload, IconReceipt, IconRefresh, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePageKeys } from "../../lib/usePageKeys";
import { useNavigate, useSearchParams } from "react-router-dom";
import { ConfirmModal } from "../../components/ConfirmModal";
import { EmptyState } from "../../components/EmptyState";
import type { OrderFilter, OrderRow, OrderStatus } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { formatDateTime, formatNumber, formatVnd } from "../../lib/format";
import { orderParams } from "../../lib/home";
import { useWorkspace } from "../../queries/accounts";
import { canRequestReturn, isReturnStatus, returnsPath } from "../../lib/returns";
import { useCancelOrder, useOrderDetail, useOrdersExport, useOrdersList, useOrdersSync, useStatusCounts } from "../../queries/orders";
import { useReturnsForOrder } from "../../queries/returns";
import { ReturnForm } from "../returns/ReturnForm";
import { ReturnStatus } from "../returns/ReturnStatus";
import { OrderPrint, OrderShipping } from "./OrderShipping";

const PAGE = 50;
export const STATUSES: OrderStatus[] = [
  "new",
  "confirmed",
  "packing",
  "shipping",
  "delivered",
  "returning",
  "returned",
  "cancelled",
  "other",
];
const COLOR: Record<OrderStatus, string> = {
  new: "blue",
  confirmed: "indigo",
  packing: "violet",
  shipping: "cyan",
  delivered: "teal",
  returning: "orange",
  returned: "orange",
  cancelled: "gray",
  other: "gray",
};
type Range = "all" | "today" | "7d" | "30d" | "custom";

/** A custom range of whole local days, `from` and `to` as `YYYY-MM-DD` (either may be empty). */
export interface DayRange {
  from: string;
  to: string;
}

/** The filter's [from, to) for a custom range: the start of the first day, the start of the day after the last. */
export function dayBounds(r: DayRange): { from: string | null; to: string | null } {
  const at = (day: string, plus: number) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!m) return null;
    const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plus);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  };
  return { from: at(r.from, 0), to: at(r.to, 1) };
}

function since(range: Range): string | null {
  if (range === "all" || range === "custom") return null;
  const d = new Date();
  if (range === "today") d.setHours(0, 0, 0, 0);
  else d.setDate(d.getDate() - (range === "7d" ? 7 : 30));
  return d.toISOString();
}

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOR[status]} variant="light" data-testid="order-status" data-status={status}>
      {t(`orders.status.${status}`)}
    </Badge>
  );
}

/** One list across accounts from the local cache: status tabs, account and date filters, search, detail. */
export function OrderList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ws = useWorkspace().data;
  // a link (the home page's figures) may open the list filtered: `?from=&to=&status=&account=`
  const [params] = useSearchParams();
  const [linked] = useState(() => orderParams(params));
  const [accounts, setAccounts] = useState<string[]>(linked.accounts);
  const [status, setStatus] = useState<OrderStatus | "all">(linked.status ?? "all");
  const [range, setRange] = useState<Range>("all");
  /** Exact creation times from a link, until the owner picks a range. */
  const [span, setSpan] = useState(linked.span);
  const [days, setDays] = useState<DayRange>({ from: "", to: "" });
  const exporter = useOrdersExport();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 200);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<OrderRow | null>(null);
  const custom = range === "custom" ? dayBounds(days) : null;
  const filter: OrderFilter = {
    accountIds: accounts,
    statuses: status === "all" ? [] : [status],
    from: span ? span.from : custom ? custom.from : since(range),
    to: span ? span.to : custom ? custom.to : null,
    search: debounced.trim() || null,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  };
  const list = useOrdersList(filter);
  const counts = useStatusCounts(filter);
  const sync = useOrdersSync();
  const labelOf = (id: string) => {
    const a = ws?.accounts.find((x) => x.id === id);
    return a ? accountLabel(a, t) : id;
  };
  const countOf = (s: OrderStatus) => counts.data?.find((c) => c.status === s)?.count ?? 0;
  const all = (counts.data ?? []).reduce((n, c) => n + c.count, 0);
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const reset = () => setPage(1);
  usePageKeys(page, Math.ceil(total / PAGE), setPage);

  return (
    <Stack data-testid="orders-list" data-state={list.isFetching ? "loading" : "ready"} data-total={total}>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput
            leftSection={<IconSearch size={16} />}
            placeholder={t("orders.list.search")}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              reset();
            }}
            w={280}
            data-testid="orders-search"
            data-shortcut="search"
          />
          <MultiSelect
            placeholder={t("orders.list.allAccounts")}
            data={(ws?.accounts ?? []).map((a) => ({ value: a.id, label: accountLabel(a, t) }))}
            value={accounts}
            onChange={(v) => {
              setAccounts(v);
              reset();
            }}
            clearable
            w={280}
            comboboxProps={{ withinPortal: false }}
          />
          <SegmentedControl
            value={span ? "" : range}
            onChange={(v) => {
              setRange(v as Range);
              setSpan(null);
              reset();
            }}
            data={(["all", "today", "7d", "30d"] as Range[])
              .map((r) => ({ value: r as string, label: t(`orders.list.range.${r}`) }))
              .concat([{ value: "custom", label: t("orders.export.custom") }])}
            data-testid="orders-range"
          />
          {range === "custom" && (
            <>
              <TextInput
                type="date"
                label={t("orders.export.from")}
                value={days.from}
                max={days.to || undefined}
                onChange={(e) => {
                  setDays({ ...days, from: e.currentTarget.value });
                  reset();
                }}
                data-testid="orders-date-from"
              />
              <TextInput
                type="date"
                label={t("orders.export.to")}
                value={days.to}
                min={days.from || undefined}
                onChange={(e) => {
                  setDays({ ...days, to: e.currentTarget.value });
                  reset();
                }}
                data-testid="orders-date-to"
              />
            </>
          )}
        </Group>
        <Group>
          <Menu position="bottom-end" withinPortal={false}>
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />} loading={exporter.isPending} data-testid="orders-export">
                {t("orders.export.button")}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(["xlsx", "csv"] as const).map((format) => (
                <Menu.Item
                  key={format}
                  onClick={() =>
                    exporter.mutate(
                      { filter: { ...filter, limit: 0, offset: 0 }, format },
                      {
                        onSuccess: (path) => {
                          if (path) notifications.show({ color: "teal", message: t("orders.export.done", { path }) });
                        },
                      },
                    )
                  }
                  data-testid={`orders-export-${format}`}
                >
                  {t(`orders.export.as.${format}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Button variant="default" leftSection={<IconRefresh size={16} />} loading={sync.isPending} onClick={() => sync.mutate()} data-testid="orders-sync">
            {t("orders.list.sync")}
          </Button>
        </Group>
      </Group>
      {span && (
        <Group gap="xs" data-testid="orders-span" data-from={span.from ?? ""} data-to={span.to ?? ""}>
          <Badge variant="light" size="lg">
            {t("home.span", { from: span.from ? formatDateTime(span.from) : "…", to: span.to ? formatDateTime(span.to) : "…" })}
          </Badge>
          <Button size="compact-xs" variant="subtle" onClick={() => { setSpan(null); reset(); }} data-testid="orders-span-clear">
            {t("home.spanClear")}
          </Button>
        </Group>
      )}
      <Group gap={6}>
        <Button size="compact-sm" variant={status === "all" ? "filled" : "light"} onClick={() => { setStatus("all"); reset(); }}>
          {t("orders.list.allStatuses")} ({formatNumber(all)})
        </Button>
        {STATUSES.filter((s) => countOf(s) > 0 || s === status).map((s) => (
          <Button
            key={s}
            size="compact-sm"
            variant={status === s ? "filled" : "light"}
            color={COLOR[s]}
            onClick={() => {
              setStatus(s);
              reset();
            }}
            data-testid={`status-tab-${s}`}
          >
            {t(`orders.status.${s}`)} ({formatNumber(countOf(s))})
          </Button>
        ))}
      </Group>
      {!list.isPending && rows.length === 0 ? (
        <EmptyState icon={<IconReceipt size={34} stroke={1.5} />} title={t("orders.list.emptyTitle")} body={t("orders.list.emptyBody")} />
      ) : (
        <Table striped highlightOnHover data-testid="orders-table" data-total={total}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("orders.list.id")}</Table.Th>
              <Table.Th>{t("orders.list.account")}</Table.Th>
              <Table.Th>{t("orders.list.customer")}</Table.Th>
              <Table.Th>{t("orders.list.total")}</Table.Th>
              <Table.Th>{t("orders.list.status")}</Table.Th>
              <Table.Th>{t("orders.list.created")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr
                key={`${r.accountId}/${r.vendorOrderId}`}
                onClick={() => setOpen(r)}
                style={{ cursor: "pointer" }}
                data-testid="order-row"
                data-vendor={r.vendor}
                data-vendor-id={r.vendorOrderId}
                data-client-ref={r.clientRef ?? ""}
                data-status={r.status}
                data-amount={r.total}
              >
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {r.vendorOrderId}
                  </Text>
                  {r.clientRef && (
                    <Text size="xs" c="dimmed" ff="monospace">
                      {r.clientRef}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{labelOf(r.accountId)}</Text>
                  <Text size="xs" c="dimmed">
                    {t(`vendors.${r.vendor}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.customerName || "—"}</Text>
                  <Text size="xs" c="dimmed">
                    {r.phone}
                  </Text>
                </Table.Td>
                <Table.Td>{r.vendor === "onflow" ? "—" : formatVnd(r.total)}</Table.Td>
                <Table.Td>
                  <StatusBadge status={r.status} />
                  <Text size="xs" c="dimmed">
                    {r.vendorStatus}
                  </Text>
                  {isReturnStatus(r) && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="orange"
                      leftSection={<IconArrowBackUp size={12} />}
                      onClick={(e) => {
                        e.stopPropagation();
                        navigate(returnsPath(r.accountId, r.vendorOrderId));
                      }}
                      data-testid="order-return-chip"
                      data-order={r.vendorOrderId}
                    >
                      {t("returns.order.open")}
                    </Button>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(r.createdAt)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {total > PAGE && <Pagination total={Math.ceil(total / PAGE)} value={page} onChange={setPage} />}
      {open && <OrderDetailModal row={open} onClose={() => setOpen(null)} accountName={labelOf(open.accountId)} />}
    </Stack>
  );
}

function OrderDetailModal({ row, onClose, accountName }: { row: OrderRow; onClose: () => void; accountName: string }) {
  const { t } = useTranslation();
  const detail = useOrderDetail(row.accountId, row.vendorOrderId);
  const cancel = useCancelOrder(row.accountId, row.vendorOrderId);
  const [confirming, setConfirming] = useState(false);
  const [requesting, setRequesting] = useState(false);
  const doCancel = () =>
    cancel.mutate(undefined, {
      onSuccess: (d) => {
        setConfirming(false);
        notifications.show({ color: "teal", message: t("orders.detail.cancelled", { id: d.row.vendorOrderId }) });
      },
    });
  const d = detail.data;
  const current = d?.row ?? row;
  return (
    <Modal opened onClose={onClose} size="xl" title={t("orders.detail.title", { id: row.vendorOrderId })} data-testid="order-detail">
      <Stack>
        <Group justify="space-between">
          <Stack gap={0}>
            <Text size="sm">
              {accountName} · {t(`vendors.${row.vendor}`)}
            </Text>
            <Text size="sm">
              {current.customerName} {current.phone}
            </Text>
            <Text size="sm" c="dimmed">
              {current.address}
            </Text>
          </Stack>
          <Stack gap={4} align="flex-end">
            <StatusBadge status={current.status} />
            <Text size="xs" c="dimmed" data-testid="detail-vendor-status">
              {current.vendorStatus}
            </Text>
          </Stack>
        </Group>
        <OrderShipping row={current} detail={d} />
        {d && (
          <Table data-testid="detail-items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>SKU</Table.Th>
                <Table.Th>{t("orders.form.product")}</Table.Th>
                <Table.Th>{t("orders.form.quantity")}</Table.Th>
                <Table.Th>{t("orders.form.unitPrice")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.items.map((i, n) => (
                <Table.Tr key={`${i.sku}-${n}`}>
                  <Table.Td>{i.sku}</Table.Td>
                  <Table.Td>{i.name}</Table.Td>
                  <Table.Td>{formatNumber(i.quantity)}</Table.Td>
                  <Table.Td>{formatVnd(i.unitPrice)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {d && d.history.length > 0 && (
          <>
            <Text fw={600} size="sm">
              {t("orders.detail.history")}
            </Text>
            <Timeline bulletSize={12} lineWidth={2} data-testid="detail-history">
              {d.history.map((h, n) => (
                <Timeline.Item key={n} title={h.vendorStatus}>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(h.at)}
                    {h.note ? ` · ${h.note}` : ""}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </>
        )}
        <OrderReturns row={current} />
        <Group justify="flex-end">
          <OrderPrint row={current} detail={d} shop={accountName} />
          {canRequestReturn(current) && (
            <Button variant="light" color="orange" leftSection={<IconArrowBackUp size={16} />} onClick={() => setRequesting(true)} data-testid="order-return-new">
              {t("returns.order.request")}
            </Button>
          )}
          {current.cancellable && (
            <Button color="red" variant="light" loading={cancel.isPending} onClick={() => setConfirming(true)} data-testid="order-cancel">
              {t("orders.detail.cancel")}
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
        title={t("orders.detail.cancelTitle", { id: row.vendorOrderId })}
        body={t("orders.detail.cancelBody")}
        confirmLabel={t("orders.detail.cancel")}
        confirmTestId="order-cancel-confirm"
        dismissLabel={t("orders.detail.keep")}
        loading={cancel.isPending}
        onConfirm={doCancel}
      />
      {requesting && <ReturnForm order={current} onClose={() => setRequesting(false)} />}
    </Modal>
  );
}

/** The order's returns, each opening on the Returns page (shown only when it has any). */
function OrderReturns({ row }: { row: OrderRow }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const returns = useReturnsForOrder(row.accountId, row.vendorOrderId);
  const list = returns.data ?? [];
  if (list.length === 0) return null;
  return (
    <Stack gap={4} data-testid="order-returns" data-count={list.length}>
      <Text fw={600} size="sm">
        {t("returns.order.title")}
      </Text>
      {list.map((r) => (
        <Group key={r.key} justify="space-between">
          <Stack gap={0}>
            <Text size="sm" ff="monospace">
              {r.returnId ?? r.reference}
            </Text>
            <ReturnStatus status={r.vendorStatus} stage={r.stage} send={r.send} />
          </Stack>
          <Button
            size="xs"
            variant="light"
            onClick={() => navigate(returnsPath(r.accountId, r.vendorOrderId, r.returnId))}
            data-testid="order-return-link"
            data-return-id={r.returnId ?? ""}
            data-reference={r.reference ?? ""}
            data-status={r.stage}
            data-send={r.send ?? ""}
          >
            {t("returns.order.view")}
          </Button>
        </Group>
      ))}
    </Stack>
  );
}
