import {
  Button,
  Card,
  Group,
  Menu,
  MultiSelect,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconArrowsExchange, IconBuildingWarehouse, IconDownload, IconRefresh, IconSearch } from "@tabler/icons-react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { useWorkspace } from "../../queries/accounts";
import { useSettings } from "../../queries/settings";
import { useExport, useGridRows, useSyncNow, useSyncProgress, useSyncStatus } from "../../queries/stock";
import { useLowStock } from "../../queries/lowStock";
import type { GridColumn, GridQuery, GridRow, GridSort, Vendor } from "../../ipc";
import { formatAge, formatNumber, freshness } from "../../lib/format";
import { accountLabel } from "../../lib/accounts";
import { runErrorShown } from "../../lib/storedErrors";
import { syncState } from "../../lib/sync";
import { useScanner } from "../../lib/useScanner";
import { StockGrid } from "./StockGrid";
import { PushModal } from "./PushModal";
import { PushAutoNotices } from "./PushAutoNotices";
import { SyncLogModal } from "./SyncLogModal";
import { LowStockView } from "./LowStockView";
import { LimitsModal } from "./LimitsModal";
import { StockDetail } from "./StockDetail";

export function StockPage() {
  const { t, i18n } = useTranslation();
  // the cards say how old each account's figures are: re-read the clock every 30 s
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(id);
  }, []);
  const ws = useWorkspace().data;
  const settings = useSettings().data;
  const [search, setSearch] = useState("");
  // a barcode scan on the page (or into its search) finds the row: filtered to the code, highlighted
  const [scanned, setScanned] = useState<string | null>(null);
  useScanner((code) => {
    setSearch(code);
    setScanned(code);
  });
  const [debounced] = useDebouncedValue(search, 200);
  const [vendors, setVendors] = useState<Vendor[]>([]);
  const [warehouses, setWarehouses] = useState<string[]>([]);
  const [mismatchesOnly, setMismatchesOnly] = useState(false);
  // `?view=low` (the home page's low-stock figure) opens the "Sắp hết" view
  const [params] = useSearchParams();
  const [sort, setSort] = useState<GridSort>({ by: "name" });
  const [descending, setDescending] = useState(false);
  // "Tất cả" (the grid) or "Sắp hết" (the products below their minimum)
  const [view, setView] = useState<"all" | "low">(() => (params.get("view") === "low" ? "low" : "all"));
  // the grid marks the products the Sắp hết view lists (one rule for the tab, the badge, Home and the notice)
  const low = useLowStock();
  const lowKeys = useMemo(() => new Set((low.data?.rows ?? []).map((r) => r.groupKey)), [low.data]);
  const [limitsFor, setLimitsFor] = useState<{ groupKey: string; name: string } | null>(null);
  const openLimits = useCallback((r: GridRow) => setLimitsFor({ groupKey: r.groupKey, name: r.name }), []);
  // a row opened: its listings per vendor, images and stock history
  const [detailFor, setDetailFor] = useState<{ groupKey: string; name: string } | null>(null);
  const openDetail = useCallback((r: GridRow) => setDetailFor({ groupKey: r.groupKey, name: r.name }), []);

  const query: GridQuery = {
    search: debounced,
    vendors,
    warehouses: warehouses.map(Number),
    mismatchesOnly,
    // the grid's own "low" filter summed every column; the Sắp hết tab holds the one rule
    lowStockOnly: false,
    lowThreshold: settings?.lowStockThreshold ?? 5,
    sort,
    descending,
    offset: 0,
    limit: 200,
  };
  const all = useGridRows({ ...query, search: "", vendors: [], warehouses: [], mismatchesOnly: false, lowStockOnly: false });
  const accounts = useMemo(() => ws?.accounts ?? [], [ws]);
  const labelOf = useCallback(
    (id: string) => {
      const a = accounts.find((x) => x.id === id);
      return a ? accountLabel(a, t) : id;
    },
    [accounts, t],
  );
  const columnLabel = useCallback((c: GridColumn) => `${labelOf(c.accountId)} · ${c.warehouseName}`, [labelOf]);

  const statusAnswer = useSyncStatus().data;
  const status = statusAnswer?.accounts ?? [];
  const progress = useSyncProgress();
  const syncNow = useSyncNow();
  const exporter = useExport();
  const [logFor, setLogFor] = useState<string | null>(null);
  const [pushOpen, setPushOpen] = useState(false);
  const [pushAccount, setPushAccount] = useState<string | null>(null);

  const filtered = search !== "" || vendors.length > 0 || warehouses.length > 0 || mismatchesOnly;
  const clearFilters = () => {
    setSearch("");
    setVendors([]);
    setWarehouses([]);
    setMismatchesOnly(false);
  };

  const onSort = (next: GridSort) => {
    const same = JSON.stringify(next) === JSON.stringify(sort);
    setSort(next);
    setDescending(same ? !descending : next.by !== "name" && next.by !== "sku");
  };

  const doExport = (format: "csv" | "xlsx") =>
    exporter.mutate(
      { query, format },
      {
        onSuccess: (r) => {
          if (r) notifications.show({ color: "teal", message: t("stock.exported", { count: formatNumber(r.rows), path: r.path }) });
        },
      },
    );

  if (accounts.length === 0) {
    return (
      <>
        <PageHeader title={t("pages.stock.title")} />
        <EmptyState
          icon={<IconBuildingWarehouse size={34} stroke={1.5} />}
          title={t("pages.stock.emptyTitle")}
          body={t("pages.stock.emptyBody")}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader title={t("pages.stock.title")}>
        <Group gap="xs">
          <Button
            variant="light"
            leftSection={<IconRefresh size={16} />}
            loading={syncNow.isPending || status.some((s) => syncState(s, statusAnswer?.arrival ?? 0, progress[s.accountId]).running)}
            onClick={() => syncNow.mutate()}
            data-testid="sync-now"
          >
            {t("stock.syncNow")}
          </Button>
          <Button
            variant="light"
            color="grape"
            leftSection={<IconArrowsExchange size={16} />}
            onClick={() => {
              setPushAccount(null);
              setPushOpen(true);
            }}
            data-testid="push-open"
          >
            {t("push.button")}
          </Button>
          <Menu>
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />} loading={exporter.isPending} data-testid="export">
                {t("stock.export")}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => doExport("csv")} data-testid="export-csv">
                CSV
              </Menu.Item>
              <Menu.Item onClick={() => doExport("xlsx")} data-testid="export-xlsx">
                Excel (XLSX)
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </PageHeader>

      <SimpleGrid cols={{ base: 1, md: 3 }} mb="md">
        {accounts.map((a) => {
          const s = status.find((x) => x.accountId === a.id);
          // the newer of Rust's answer and the last stock-sync event decides (the orders list syncs after
          // the stock and does not keep the card busy)
          const { running, progress: p } = syncState(s, statusAnswer?.arrival ?? 0, progress[a.id]);
          const fresh = s?.lastFinishedAt ? freshness(s.lastFinishedAt, now, Math.ceil((settings?.syncIntervalSeconds ?? 0) / 60)) : null;
          const lastFailure = s ? runErrorShown({ error: s.lastError, message: s.lastMessage }, t) : null;
          return (
            <Card
              key={a.id}
              withBorder
              padding="sm"
              data-testid="sync-status"
              data-account={a.id}
              data-vendor={a.vendor}
              data-state={running ? "running" : (s?.lastStatus ?? "never")}
              data-finished={s?.lastFinishedAt ?? ""}
              data-orders-synced={s?.ordersSyncedAt ?? ""}
              data-push-checked={s?.pushCheckedAt ?? ""}
              data-stale={fresh?.stale ? "true" : "false"}
            >
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600} truncate>
                  {accountLabel(a, t)}
                </Text>
                <Button size="compact-xs" variant="subtle" onClick={() => setLogFor(a.id)} data-testid="open-sync-log">
                  {t("stock.openLog")}
                </Button>
              </Group>
              {p ? (
                <Stack gap={2}>
                  <Text size="xs" c="dimmed">
                    {t(`stock.phase.${p.phase}`)}
                  </Text>
                  <Progress value={p.total > 0 ? (100 * p.done) / p.total : 5} animated data-testid="sync-progress" />
                </Stack>
              ) : (
                <>
                  <Text
                    size="xs"
                    c={s?.lastStatus === "failed" ? "red" : fresh?.stale ? "orange" : "dimmed"}
                    data-testid="sync-last"
                    data-code={s?.lastStatus === "failed" ? (lastFailure?.code ?? "") : ""}
                  >
                    {s?.lastFinishedAt
                      ? t("stock.lastSynced", { when: new Date(s.lastFinishedAt).toLocaleString("vi-VN") })
                      : t("stock.neverSynced")}
                    {fresh ? ` (${formatAge(fresh.minutes, i18n.language)})` : ""}
                    {s?.lastStatus === "failed" && lastFailure ? ` — ${lastFailure.text}` : ""}
                    {fresh?.stale && s?.lastStatus !== "failed" ? ` — ${t("stock.figuresStale")}` : ""}
                  </Text>
                  {s?.lastStatus === "failed" && lastFailure?.detail && (
                    <Text size="xs" c="dimmed" data-testid="sync-last-detail">
                      {t("errors.detail", { detail: lastFailure.detail })}
                    </Text>
                  )}
                </>
              )}
            </Card>
          );
        })}
      </SimpleGrid>

      <PushAutoNotices
        accounts={accounts}
        onPreview={(id) => {
          setPushAccount(id);
          setPushOpen(true);
        }}
      />

      <SegmentedControl
        mb="sm"
        value={view}
        onChange={(v) => setView(v === "low" ? "low" : "all")}
        data={[
          { value: "all", label: <span data-testid="stock-tab-all">{t("lowStock.tabAll")}</span> },
          { value: "low", label: <span data-testid="stock-tab-low">{t("lowStock.tab")}</span> },
        ]}
      />
      {view === "low" ? (
        <LowStockView />
      ) : (
        <>
      <Group mb="sm" align="flex-end" gap="sm">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t("stock.searchPlaceholder")}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setScanned(null);
          }}
          w={300}
          data-testid="stock-search"
          data-scan="accept"
          data-shortcut="search"
        />
        <MultiSelect
          placeholder={t("stock.vendorFilter")}
          data={(["pancake", "onflow", "nhanh"] as const).map((v) => ({ value: v, label: t(`vendors.${v}`) }))}
          value={vendors}
          onChange={(v) => setVendors(v as Vendor[])}
          clearable
          w={240}
        />
        <MultiSelect
          placeholder={t("stock.warehouseFilter")}
          data={all.columns.map((c) => ({ value: String(c.warehouseId), label: columnLabel(c) }))}
          value={warehouses}
          onChange={setWarehouses}
          clearable
          w={280}
        />
        <Switch
          label={t("stock.mismatchesOnly")}
          checked={mismatchesOnly}
          onChange={(e) => setMismatchesOnly(e.currentTarget.checked)}
          data-testid="mismatches-only"
        />
      </Group>
      <StockGrid
        query={query}
        onSort={onSort}
        columnLabel={columnLabel}
        onClearFilters={filtered ? clearFilters : null}
        onLimits={openLimits}
        onOpen={openDetail}
        highlight={scanned}
        lowKeys={lowKeys}
      />
        </>
      )}
      <StockDetail
        row={detailFor}
        onClose={() => setDetailFor(null)}
        onLimits={(r) => {
          setDetailFor(null);
          setLimitsFor(r);
        }}
      />
      <LimitsModal groupKey={limitsFor?.groupKey ?? null} name={limitsFor?.name ?? ""} onClose={() => setLimitsFor(null)} />
      <PushModal opened={pushOpen} onClose={() => setPushOpen(false)} accounts={accounts} initialAccount={pushAccount} />
      <SyncLogModal accountId={logFor} title={logFor ? labelOf(logFor) : ""} onClose={() => setLogFor(null)} />
    </>
  );
}
