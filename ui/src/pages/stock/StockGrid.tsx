import { ActionIcon, Badge, Button, Group, Loader, Text, UnstyledButton } from "@mantine/core";
import { IconAdjustments, IconArrowDown, IconArrowUp } from "@tabler/icons-react";
import { type ColumnDefTemplate, createColumnHelper, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { GridColumn, GridQuery, GridRow, GridSort } from "../../ipc";
import { markFirstPaint } from "../../lib/firstPaint";
import { formatNumber } from "../../lib/format";
import { sameCode } from "../../lib/scanner";
import { useGridRows } from "../../queries/stock";

const ROW_HEIGHT = 44;
const helper = createColumnHelper<GridRow>();

/**
 * A cell's (or header's) content rendered in place, not as a component of its own (TanStack's `flexRender`
 * mounts a function as a component). The column definitions are rebuilt whenever what they close over
 * changes, which a sync does (the low-stock rows, the grid's pages); as components, every visible cell was
 * then unmounted and mounted again, about 850 elements per sync, and WebKitGTK kept memory for each
 * (`src-tauri/README.md`, "Memory"). In place, React updates the same elements. The cells use no hooks.
 */
function renderCell<C extends object>(template: ColumnDefTemplate<C> | undefined, context: C): ReactNode {
  return typeof template === "function" ? (template(context) as ReactNode) : (template ?? null);
}

/** Whether the grid is sorted by `key` (a warehouse column by its id). */
function sortIs(current: GridSort, key: GridSort): boolean {
  return key.by === "column" ? current.by === "column" && current.warehouseId === key.warehouseId : current.by === key.by;
}

/** The sort keys a header offers (the product column two: name and SKU). */
type SortMeta = { sorts?: { sort: GridSort; label: () => string; testId: string }[] };

/** A header label that sorts the grid by `sort` (again: the other direction), with an arrow while active. */
function SortLabel({
  label,
  sort,
  current,
  descending,
  onSort,
  testId,
}: {
  label: string;
  sort: GridSort;
  current: GridSort;
  descending: boolean;
  onSort: (sort: GridSort) => void;
  testId: string;
}) {
  const active = sortIs(current, sort);
  return (
    <Text
      span
      size="xs"
      fw={700}
      tt="uppercase"
      c={active ? "teal" : "dimmed"}
      style={{ cursor: "pointer", userSelect: "none" }}
      onClick={() => onSort(sort)}
      data-testid={testId}
      data-active={active ? (descending ? "desc" : "asc") : undefined}
    >
      {label}
      {active && (descending ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
    </Text>
  );
}

/** One row per product group; filtering, sorting and the visible window are computed in Rust. */
export function StockGrid({
  query,
  onSort,
  columnLabel,
  onClearFilters,
  onLimits,
  onOpen,
  highlight = null,
  lowKeys = null,
}: {
  /** Edit a row's own minimum / maximum (the low-stock rule). */
  onLimits?: (row: GridRow) => void;
  /** Open a row's detail (its listings per vendor, images, stock history). */
  onOpen?: (row: GridRow) => void;
  query: GridQuery;
  onSort: (sort: GridSort) => void;
  columnLabel: (c: GridColumn) => string;
  /** Set while a search or filter narrows the rows: offered when nothing matches. */
  onClearFilters: (() => void) | null;
  /** A scanned code: the rows whose SKU or barcode it is are highlighted. */
  highlight?: string | null;
  /** The product groups below their minimum, by the "Sắp hết" view's rule (never a sum of Onflow and POS). */
  lowKeys?: ReadonlySet<string> | null;
}) {
  const { t } = useTranslation();
  const grid = useGridRows(query);
  const columns = grid.columns;

  const defs = useMemo(
    () => [
      helper.display({
        id: "product",
        header: () => t("stock.product"),
        meta: {
          sorts: [
            { sort: { by: "name" }, label: () => t("stock.product"), testId: "sort-name" },
            { sort: { by: "sku" }, label: () => t("stock.sku"), testId: "sort-sku" },
          ],
        } satisfies SortMeta,
        cell: ({ row }) => {
          const r = row.original;
          return (
            <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
              <UnstyledButton
                style={{ minWidth: 0, flex: 1 }}
                onClick={() => onOpen?.(r)}
                disabled={!onOpen}
                title={onOpen ? t("stockDetail.open") : undefined}
                data-testid="stock-open-detail"
              >
                <Text size="sm" fw={500} truncate data-testid="stock-name">
                  {r.name}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {[r.sku, r.barcode].filter(Boolean).join(" · ")}
                </Text>
              </UnstyledButton>
              {onLimits && (
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  aria-label={t("lowStock.editLimits")}
                  onClick={() => onLimits(r)}
                  data-testid="stock-edit-limits"
                >
                  <IconAdjustments size={14} />
                </ActionIcon>
              )}
            </Group>
          );
        },
      }),
      helper.display({
        id: "flags",
        header: () => t("stock.flags"),
        cell: ({ row }) => {
          const f = row.original.flags;
          return (
            <Group gap={4} wrap="nowrap">
              {f.mismatch && (
                <Badge color="orange" size="sm" data-testid="flag-mismatch">
                  {t("stock.mismatch")}
                </Badge>
              )}
              {lowKeys?.has(row.original.groupKey) && (
                <Badge color="red" size="sm" data-testid="flag-low">
                  {t("stock.low")}
                </Badge>
              )}
              {f.conflict && (
                <Badge color="gray" size="sm">
                  {t("stock.conflict")}
                </Badge>
              )}
            </Group>
          );
        },
      }),
      ...columns.map((c, i) =>
        helper.display({
          id: `wh-${c.warehouseId}`,
          header: () => columnLabel(c),
          meta: {
            sorts: [
              {
                sort: { by: "column", warehouseId: c.warehouseId, field: "onHand" },
                label: () => columnLabel(c),
                testId: `sort-wh-${c.warehouseId}`,
              },
            ],
          } satisfies SortMeta,
          cell: ({ row }) => {
            const cell = row.original.cells[i];
            if (!cell) return <Text c="dimmed">–</Text>;
            return (
              <Text size="sm" ta="right">
                {cell.onHand === null ? "?" : formatNumber(cell.onHand)}
                <Text span c="dimmed" size="xs">
                  {" / "}
                  {cell.available === null ? "?" : formatNumber(cell.available)}
                </Text>
              </Text>
            );
          },
        }),
      ),
      helper.display({
        id: "total",
        header: () => t("stock.total"),
        meta: { sorts: [{ sort: { by: "totalOnHand" }, label: () => t("stock.total"), testId: "sort-total" }] } satisfies SortMeta,
        cell: ({ row }) => (
          <Text size="sm" fw={600} ta="right" data-testid="stock-total">
            {formatNumber(row.original.totalOnHand)}
            <Text span c="dimmed" size="xs" fw={400}>
              {" / "}
              {formatNumber(row.original.totalAvailable)}
            </Text>
          </Text>
        ),
      }),
    ],
    [columns, columnLabel, onLimits, onOpen, lowKeys, t],
  );

  const table = useReactTable({
    data: grid.rows,
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: grid.totalRows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  const { ensure } = grid;
  useEffect(() => {
    if (last) ensure(last.index);
  }, [last, ensure]);

  const template = `minmax(260px, 2fr) 150px repeat(${columns.length}, minmax(120px, 1fr)) 130px`;
  const tableRows = table.getRowModel().rows;
  const painted = tableRows.length > 0;
  useEffect(() => {
    if (painted) markFirstPaint();
  }, [painted]);

  return (
    <div
      data-testid="stock-grid"
      data-total-rows={grid.totalRows}
      data-state={grid.loading ? "loading" : "ready"}
      data-updated-at={grid.updatedAt}
    >
      <div
        style={{
          display: "grid",
          gridTemplateColumns: template,
          borderBottom: "1px solid var(--mantine-color-default-border)",
          padding: "6px 8px",
          gap: 8,
        }}
      >
        {table.getHeaderGroups()[0]?.headers.map((h) => {
          const sorts = (h.column.columnDef.meta as SortMeta | undefined)?.sorts ?? [];
          return (
            <Group
              key={h.id}
              gap={6}
              wrap="nowrap"
              justify={h.id === "product" || sorts.length === 0 ? "flex-start" : "flex-end"}
              data-testid={`col-${h.id}`}
            >
              {sorts.length === 0 ? (
                <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                  {renderCell(h.column.columnDef.header, h.getContext())}
                </Text>
              ) : (
                sorts.map((s) => (
                  <SortLabel
                    key={s.testId}
                    label={s.label()}
                    sort={s.sort}
                    current={query.sort}
                    descending={query.descending}
                    onSort={onSort}
                    testId={s.testId}
                  />
                ))
              )}
            </Group>
          );
        })}
      </div>
      {!grid.loading && grid.totalRows === 0 && onClearFilters && (
        <Group gap="sm" p="md" data-testid="stock-no-rows">
          <Text size="sm" c="dimmed">
            {t("stock.noRows")}
          </Text>
          <Button size="compact-sm" variant="light" onClick={onClearFilters} data-testid="stock-clear-filters">
            {t("stock.clearFilters")}
          </Button>
        </Group>
      )}
      <div ref={scrollRef} style={{ height: "calc(100vh - 330px)", minHeight: 240, overflow: "auto" }}>
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((v) => {
            const row = tableRows[v.index];
            const scanned = !!row && !!highlight && (sameCode(row.original.barcode, highlight) || sameCode(row.original.sku, highlight));
            return (
              <div
                key={v.key}
                data-testid={row ? "stock-row" : "stock-row-loading"}
                data-sku={row?.original.sku ?? undefined}
                data-vendors={row ? [...row.original.vendors].sort().join(" ") : undefined}
                data-scanned={scanned ? "true" : undefined}
                style={{
                  backgroundColor: scanned ? "var(--mantine-color-teal-light)" : undefined,
                  position: "absolute",
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${v.start}px)`,
                  display: "grid",
                  gridTemplateColumns: template,
                  alignItems: "center",
                  gap: 8,
                  padding: "0 8px",
                  borderBottom: "1px solid var(--mantine-color-default-border)",
                }}
              >
                {row ? (
                  row.getVisibleCells().map((c) => <div key={c.id}>{renderCell(c.column.columnDef.cell, c.getContext())}</div>)
                ) : (
                  <Loader size="xs" />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
