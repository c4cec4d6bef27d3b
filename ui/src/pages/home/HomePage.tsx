import { Alert, Badge, Card, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from "@mantine/core";
import { IconLayoutDashboard } from "@tabler/icons-react";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { EmptyState } from "../../components/EmptyState";
import { MiniBars } from "../../components/MiniBars";
import { PageHeader } from "../../components/PageHeader";
import type { HomeAccount, HomeSummary } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { markFirstPaint } from "../../lib/firstPaint";
import { formatAge, formatNumber, formatVnd, freshness } from "../../lib/format";
import {
  ACCOUNTS_PATH,
  inboundPath,
  LOW_STOCK_PATH,
  ordersPath,
  OUTBOX_ATTENTION_PATH,
  returnsGroupPath,
  shortDay,
} from "../../lib/home";
import { runErrorShown } from "../../lib/storedErrors";
import { useWorkspace } from "../../queries/accounts";
import { useHomeSummary } from "../../queries/home";
import { useSettings } from "../../queries/settings";

/**
 * One figure that opens the list behind it. `data-value` is the figure as a number (the end-to-end test
 * compares it with the list it opens).
 */
function Figure({
  label,
  value,
  shown,
  to,
  testId,
  tone,
  hint,
}: {
  label: string;
  value: number;
  shown?: string;
  to: string;
  testId: string;
  tone?: string;
  hint?: ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <UnstyledButton
      onClick={() => navigate(to)}
      data-testid={testId}
      data-value={value}
      data-to={to}
      p="xs"
      style={{ borderRadius: 8, border: "1px solid var(--mantine-color-default-border)" }}
    >
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {/* money is longer than a count: a size smaller, and it may wrap rather than leave its card */}
      <Text size={shown ? "lg" : "xl"} fw={700} c={value > 0 ? tone : undefined} style={{ overflowWrap: "anywhere" }}>
        {shown ?? formatNumber(value)}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </UnstyledButton>
  );
}

type Metric = "revenue" | "orders";

/** Home ("Tổng quan"): the figures a shop owner opens the app with, from the local stores only. */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const ws = useWorkspace().data;
  const settings = useSettings().data;
  const summary = useHomeSummary();
  const [metric, setMetric] = useState<Metric>("revenue");
  // the freshness line says how old each account's figures are: re-read the clock every 30 s
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(id);
  }, []);
  const data = summary.data;
  const painted = !!data;
  useEffect(() => {
    if (painted) markFirstPaint();
  }, [painted]);

  if (ws && ws.accounts.length === 0) {
    return (
      <div data-testid="home" data-state="ready">
        <PageHeader title={t("pages.home.title")} />
        <EmptyState icon={<IconLayoutDashboard size={34} stroke={1.5} />} title={t("pages.home.emptyTitle")} body={t("pages.home.emptyBody")} />
      </div>
    );
  }

  return (
    <Stack data-testid="home" data-state={data ? "ready" : summary.isError ? "error" : "loading"}>
      <PageHeader title={t("pages.home.title")} />
      {summary.isError && (
        <Alert color="orange" data-testid="home-error">
          {t("home.loadFailed")}
        </Alert>
      )}
      {data && (
        <>
          <Sales data={data} metric={metric} onMetric={setMetric} />
          <Work data={data} />
          <Accounts
            accounts={data.accounts}
            data={data}
            labelOf={(id) => {
              const a = ws?.accounts.find((x) => x.id === id);
              return a ? accountLabel(a, t) : id;
            }}
            now={now}
            intervalMinutes={Math.ceil((settings?.syncIntervalSeconds ?? 0) / 60)}
            language={i18n.language}
            onOpenAccounts={() => navigate(ACCOUNTS_PATH)}
          />
        </>
      )}
    </Stack>
  );
}

/** Today's and this week's orders and revenue, and the last 14 days as bars. */
function Sales({ data, metric, onMetric }: { data: HomeSummary; metric: Metric; onMetric: (m: Metric) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const period = (key: "today" | "week", from: string) => (
    <Card withBorder padding="md" data-testid={`home-${key}`}>
      <Text fw={600} mb="xs">
        {t(key === "today" ? "home.today" : "home.week")}
      </Text>
      <SimpleGrid cols={2}>
        <Figure
          label={t("home.orders")}
          value={data[key].orders}
          to={ordersPath({ from, to: data.until })}
          testId={`home-${key}-orders`}
          hint={data[key].cancelled > 0 ? t("home.cancelledHint", { n: formatNumber(data[key].cancelled) }) : undefined}
        />
        <Figure
          label={t("home.revenue")}
          value={data[key].revenue}
          shown={formatVnd(data[key].revenue)}
          to={ordersPath({ from, to: data.until })}
          testId={`home-${key}-revenue`}
          hint={t("home.revenueHint")}
        />
      </SimpleGrid>
    </Card>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      {period("today", data.todayFrom)}
      {period("week", data.weekFrom)}
      <Card withBorder padding="md" data-testid="home-chart">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t("home.chart.title")}</Text>
          <SegmentedControl
            size="xs"
            value={metric}
            onChange={(v) => onMetric(v as Metric)}
            data={[
              { value: "revenue", label: t("home.chart.revenue") },
              { value: "orders", label: t("home.chart.orders") },
            ]}
          />
        </Group>
        <MiniBars
          testId="home-chart-days"
          bars={data.series.map((d) => ({
            key: d.day,
            value: metric === "revenue" ? d.revenue : d.orders,
            label: shortDay(d.day),
            title: t("home.chart.bar", { day: shortDay(d.day), orders: formatNumber(d.orders), revenue: formatVnd(d.revenue) }),
            onClick: () => navigate(ordersPath({ from: d.from, to: d.to })),
          }))}
        />
      </Card>
    </SimpleGrid>
  );
}

/** What waits on the shop: orders by stage, orders sent from ShopDesk to act on, low stock, goods in, returns. */
function Work({ data }: { data: HomeSummary }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      <Card withBorder padding="md" data-testid="home-waiting">
        <Text fw={600} mb="xs">
          {t("home.waiting.title")}
        </Text>
        <SimpleGrid cols={2}>
          <Figure label={t("home.waiting.confirm")} value={data.waiting.confirm} to={ordersPath({ status: "new" })} testId="home-waiting-confirm" tone="blue" />
          <Figure label={t("home.waiting.pack")} value={data.waiting.pack} to={ordersPath({ status: "confirmed" })} testId="home-waiting-pack" tone="indigo" />
          <Figure label={t("home.waiting.ship")} value={data.waiting.ship} to={ordersPath({ status: "packing" })} testId="home-waiting-ship" tone="violet" />
          <Figure
            label={t("home.outboxAttention")}
            value={data.outboxAttention}
            to={OUTBOX_ATTENTION_PATH}
            testId="home-outbox-attention"
            tone="red"
          />
        </SimpleGrid>
      </Card>
      <Card withBorder padding="md" data-testid="home-stock">
        <Text fw={600} mb="xs">
          {t("home.stock.title")}
        </Text>
        <SimpleGrid cols={2}>
          <Figure
            label={t("home.stock.low")}
            value={data.lowStock}
            to={LOW_STOCK_PATH}
            testId="home-low-stock"
            tone="orange"
            hint={t("home.stock.lowHint", { threshold: formatNumber(data.lowThreshold) })}
          />
          <Figure label={t("home.stock.transit")} value={data.arriving.transit} to={inboundPath("transit")} testId="home-po-transit" tone="blue" />
          <Figure label={t("home.stock.receiving")} value={data.arriving.receiving} to={inboundPath("receiving")} testId="home-po-receiving" tone="blue" />
        </SimpleGrid>
      </Card>
      <Card withBorder padding="md" data-testid="home-returns">
        <Text fw={600} mb="xs">
          {t("home.returns.title")}
        </Text>
        <SimpleGrid cols={2}>
          <Figure label={t("home.returns.requested")} value={data.returns.requested} to={returnsGroupPath("requested")} testId="home-returns-requested" tone="orange" />
          <Figure label={t("home.returns.inTransit")} value={data.returns.inTransit} to={returnsGroupPath("in_transit")} testId="home-returns-in-transit" tone="orange" />
          <Figure label={t("home.returns.received")} value={data.returns.received} to={returnsGroupPath("received")} testId="home-returns-received" tone="orange" />
        </SimpleGrid>
      </Card>
    </SimpleGrid>
  );
}

/** Per account (one sales channel each): today and this week, and how fresh its figures are. */
function Accounts({
  accounts,
  data,
  labelOf,
  now,
  intervalMinutes,
  language,
  onOpenAccounts,
}: {
  accounts: HomeAccount[];
  data: HomeSummary;
  labelOf: (id: string) => string;
  now: number;
  intervalMinutes: number;
  language: string;
  onOpenAccounts: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const link = (to: string, text: string, testId: string, value: number) => (
    <UnstyledButton onClick={() => navigate(to)} data-testid={testId} data-value={value} data-to={to} td="underline" fz="sm">
      {text}
    </UnstyledButton>
  );
  return (
    <Card withBorder padding="md" data-testid="home-accounts">
      <Title order={4} mb="xs">
        {t("home.accounts.title")}
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("home.accounts.account")}</Table.Th>
            <Table.Th>{t("home.accounts.today")}</Table.Th>
            <Table.Th>{t("home.accounts.week")}</Table.Th>
            <Table.Th>{t("home.accounts.freshness")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((a) => {
            const s = a.sync;
            const fresh = s.lastFinishedAt ? freshness(s.lastFinishedAt, now, intervalMinutes) : null;
            const failure = runErrorShown({ error: s.lastError, message: s.lastMessage }, t);
            const failed = s.lastStatus === "failed";
            return (
              <Table.Tr key={a.accountId} data-testid="home-account" data-account={a.accountId} data-vendor={a.vendor} data-orders-synced={s.ordersSyncedAt ?? ""}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {labelOf(a.accountId)}
                    </Text>
                    <Badge size="xs" variant="light">
                      {t(`vendors.${a.vendor}`)}
                    </Badge>
                  </Group>
                </Table.Td>
                <Table.Td>
                  {link(
                    ordersPath({ from: data.todayFrom, to: data.until, account: a.accountId }),
                    t("home.accounts.figure", { orders: formatNumber(a.today.orders), revenue: formatVnd(a.today.revenue) }),
                    "home-account-today",
                    a.today.orders,
                  )}
                </Table.Td>
                <Table.Td>
                  {link(
                    ordersPath({ from: data.weekFrom, to: data.until, account: a.accountId }),
                    t("home.accounts.figure", { orders: formatNumber(a.week.orders), revenue: formatVnd(a.week.revenue) }),
                    "home-account-week",
                    a.week.orders,
                  )}
                </Table.Td>
                <Table.Td>
                  <UnstyledButton onClick={onOpenAccounts} data-testid="home-account-sync" data-state={s.running ? "running" : (s.lastStatus ?? "never")}>
                    <Text size="sm" c={failed ? "red" : fresh?.stale ? "orange" : "dimmed"}>
                      {s.running
                        ? t("home.accounts.running")
                        : fresh
                          ? t("home.accounts.syncedAgo", { age: formatAge(fresh.minutes, language) })
                          : t("home.accounts.never")}
                      {fresh?.stale && !failed ? ` — ${t("home.accounts.stale")}` : ""}
                    </Text>
                    {failed && failure && (
                      <Text size="xs" c="red" data-testid="home-account-error" data-code={failure.code ?? ""}>
                        {t("home.accounts.lastError", { error: failure.text })}
                      </Text>
                    )}
                  </UnstyledButton>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
