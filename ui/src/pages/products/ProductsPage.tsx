import { Badge, Button, Group, Modal, Pagination, Stack, Table, Tabs, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconBox, IconFileExport, IconFileImport, IconPlus, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePageKeys } from "../../lib/usePageKeys";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import type { ListingRef, MatchItem, MatchKind } from "../../ipc";
import { formatNumber } from "../../lib/format";
import { accountLabel } from "../../lib/accounts";
import { useWorkspace } from "../../queries/accounts";
import {
  useClearMatch,
  useMappingExport,
  useMappingImport,
  useMatchingList,
  MATCHING_PAGE,
  useMatchListing,
  useUnmatchListing,
} from "../../queries/products";
import { useGridRows } from "../../queries/stock";
import { CreatedProducts } from "./CreatedProducts";
import { ListingModal } from "./ListingModal";
import { ProductImport } from "./ProductImport";
import { ProductForm } from "./ProductForm";

const KINDS: MatchKind[] = ["unmatched", "conflicting", "manual", "all"];

/** Products across vendors: which listings matched automatically, which did not, and manual matching. */
export function ProductsPage() {
  const { t } = useTranslation();
  const ws = useWorkspace().data;
  const [kind, setKind] = useState<MatchKind>("unmatched");
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 200);
  const [page, setPage] = useState(1);
  const [matching, setMatching] = useState<MatchItem | null>(null);
  const [detail, setDetail] = useState<ListingRef | null>(null);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const list = useMatchingList(kind, debounced, page);
  // the last page emptied (listings matched or separated): show the new last page
  const lastPage = Math.max(1, Math.ceil((list.data?.total ?? 0) / MATCHING_PAGE));
  if (list.isSuccess && !list.isPlaceholderData && page > lastPage) setPage(lastPage);
  usePageKeys(page, lastPage, setPage);
  const unmatch = useUnmatchListing();
  const clear = useClearMatch();
  const exportCsv = useMappingExport();
  const importCsv = useMappingImport();
  const doExport = () =>
    exportCsv.mutate(undefined, {
      onSuccess: (path) => {
        if (path) notifications.show({ color: "teal", message: t("products.exported", { path }) });
      },
    });
  const doImport = () =>
    importCsv.mutate(undefined, {
      onSuccess: (stats) => {
        if (stats) notifications.show({ color: "teal", message: t("products.imported", { rows: formatNumber(stats.rows) }) });
      },
    });
  const accounts = ws?.accounts ?? [];
  const labelOf = (id: string) => {
    const a = accounts.find((x) => x.id === id);
    return a ? accountLabel(a, t) : id;
  };

  if (accounts.length === 0) {
    return (
      <>
        <PageHeader title={t("pages.products.title")} />
        <EmptyState icon={<IconBox size={34} stroke={1.5} />} title={t("pages.products.emptyTitle")} body={t("pages.products.emptyBody")} />
      </>
    );
  }

  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title={t("pages.products.title")}>
        <Group gap="xs">
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="product-new">
            {t("productForm.open")}
          </Button>
          <Button variant="light" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)} data-testid="product-import-open">
            {t("productForm.import.open")}
          </Button>
          <Button variant="default" leftSection={<IconFileExport size={16} />} loading={exportCsv.isPending} onClick={doExport}>
            {t("products.exportMapping")}
          </Button>
          <Button variant="default" leftSection={<IconFileImport size={16} />} loading={importCsv.isPending} onClick={doImport}>
            {t("products.importMapping")}
          </Button>
        </Group>
      </PageHeader>
      <Text c="dimmed" size="sm" mb="md">
        {t("products.intro")}
      </Text>
      <CreatedProducts />
      {creating && <ProductForm onClose={() => setCreating(false)} />}
      {importing && <ProductImport onClose={() => setImporting(false)} />}
      <Tabs
        value={kind}
        onChange={(v) => {
          setKind((v as MatchKind) ?? "unmatched");
          setPage(1);
        }}
        mb="md"
      >
        <Tabs.List>
          {KINDS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`matching-tab-${k}`}>
              {t(`products.kind.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={t("stock.searchPlaceholder")}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setPage(1);
        }}
        w={360}
        mb="sm"
        data-testid="matching-search"
        data-shortcut="search"
      />
      <Text size="sm" c="dimmed" mb="xs" data-testid="matching-total">
        {t("products.count", { count: formatNumber(list.data?.total ?? 0) })}
      </Text>
      {items.length === 0 && list.isSuccess ? (
        <Text c="dimmed">{t(`products.none.${kind}`)}</Text>
      ) : (
        <Table striped highlightOnHover data-testid="matching-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("products.listing")}</Table.Th>
              <Table.Th>{t("products.account")}</Table.Th>
              <Table.Th>{t("products.group")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((m) => (
              <Table.Tr key={`${m.listing.accountId}/${m.listing.vendorProductId}/${m.listing.vendorVariationId}`} data-testid="matching-row" data-sku={m.sku ?? ""} data-group-accounts={m.groupAccounts}>
                <Table.Td>
                  <Text
                    size="sm"
                    fw={500}
                    c="teal.8"
                    style={{ cursor: "pointer" }}
                    onClick={() => setDetail(m.listing)}
                    data-testid="listing-open"
                    data-vendor={m.vendor}
                    data-sku={m.sku ?? ""}
                  >
                    {m.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {[m.sku, m.barcode].filter(Boolean).join(" · ")}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" mr={6}>
                    {t(`vendors.${m.vendor}`)}
                  </Badge>
                  <Text span size="sm">
                    {labelOf(m.listing.accountId)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{m.groupName}</Text>
                  <Group gap={4}>
                    <Text size="xs" c="dimmed">
                      {t("products.groupAccounts", { count: formatNumber(m.groupAccounts) })}
                    </Text>
                    {m.conflict && (
                      <Badge size="xs" color="gray">
                        {t("stock.conflict")}
                      </Badge>
                    )}
                    {m.source === "manual" && (
                      <Badge size="xs" color="teal">
                        {t("products.manual")}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="light" onClick={() => setMatching(m)}>
                      {t("products.matchWith")}
                    </Button>
                    <Button size="xs" variant="default" onClick={() => unmatch.mutate(m.listing)}>
                      {t("products.separate")}
                    </Button>
                    {m.source === "manual" && (
                      <Button size="xs" variant="subtle" onClick={() => clear.mutate(m.listing)}>
                        {t("products.automatic")}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <MatchingPages total={list.data?.total ?? 0} page={page} onChange={setPage} />
      <MatchModal item={matching} onClose={() => setMatching(null)} />
      <ListingModal listing={detail} onClose={() => setDetail(null)} />
    </>
  );
}

/** Which listings the page shows ("101–200 / 250") and the pages, when there is more than one. */
function MatchingPages({ total, page, onChange }: { total: number; page: number; onChange: (page: number) => void }) {
  const { t } = useTranslation();
  const pages = Math.ceil(total / MATCHING_PAGE);
  if (pages <= 1) return null;
  const from = (page - 1) * MATCHING_PAGE + 1;
  const to = Math.min(page * MATCHING_PAGE, total);
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed" data-testid="matching-range">
        {t("products.pageRange", { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) })}
      </Text>
      <Pagination total={pages} value={page} onChange={onChange} data-testid="matching-pages" />
    </Group>
  );
}

/** Pick the product group a listing belongs to, searching the stock grid. */
function MatchModal({ item, onClose }: { item: MatchItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 200);
  const rows = useGridRows({
    search: debounced,
    vendors: [],
    warehouses: [],
    mismatchesOnly: false,
    lowStockOnly: false,
    lowThreshold: 0,
    sort: { by: "name" },
    descending: false,
    offset: 0,
    limit: 50,
  });
  const match = useMatchListing();
  const choose = (groupKey: string) => {
    if (item) match.mutate({ listing: item.listing, groupKey }, { onSuccess: onClose });
  };
  return (
    <Modal opened={item !== null} onClose={onClose} title={t("products.matchTitle", { name: item?.name ?? "" })} size="lg">
      <Stack>
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t("stock.searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-autofocus
        />
        {rows.rows.slice(0, 50).map((r) => (
          <Group key={r.groupKey} justify="space-between" wrap="nowrap">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" truncate>
                {r.name}
              </Text>
              <Text size="xs" c="dimmed">
                {[r.sku, r.barcode].filter(Boolean).join(" · ")}
              </Text>
            </div>
            <Button size="xs" disabled={r.groupKey === item?.groupKey} loading={match.isPending} onClick={() => choose(r.groupKey)}>
              {t("products.choose")}
            </Button>
          </Group>
        ))}
      </Stack>
    </Modal>
  );
}
