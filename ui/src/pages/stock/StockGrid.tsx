import { Badge, Group, Loader, Text } from "@mantine/core";
import { IconArrowDown, IconArrowUp } from "@tabler/icons-react";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { GridColumn, GridQuery, GridRow, GridSort } from "../../ipc";
import { formatNumber } from "../../lib/format";
import { useGridRows } from "../../queries/stock";

const ROW_HEIGHT = 44;
const helper = createColumnHelper<GridRow>();

function sortIs(sort: GridSort, key: string): boolean {
  return sort.by === key;
}

/** One row per product group; filtering, sorting and the visible window are computed in Rust. */
export function StockGrid({
  query,
  onSort,
  columnLabel,
}: {
  query: GridQuery;
  onSort: (sort: GridSort) => void;
  columnLabel: (c: GridColumn) => string;
}) {
  const { t } = useTranslation();
  const grid = useGridRows(query);
  const columns = grid.columns;

  const defs = useMemo(
    () => [
      helper.display({
        id: "product",
        header: () => t("stock.product"),
        cell: ({ row }) => {
          const r = row.original;
          return (
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate data-testid="stock-name">
                {r.name}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {[r.sku, r.barcode].filter(Boolean).join(" · ")}
              </Text>
            </div>
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
              {f.low && (
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
          meta: { sort: { by: "column", warehouseId: c.warehouseId, field: "onHand" } as GridSort },
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
        meta: { sort: { by: "totalOnHand" } as GridSort },
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
    [columns, columnLabel, t],
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

  return (
    <div data-testid="stock-grid" data-total-rows={grid.totalRows}>
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
          const sort = (h.column.columnDef.meta as { sort?: GridSort } | undefined)?.sort;
          const active =
            sort &&
            (sort.by === "column"
              ? query.sort.by === "column" && query.sort.warehouseId === sort.warehouseId
              : sortIs(query.sort, sort.by));
          return (
            <Text
              key={h.id}
              size="xs"
              fw={700}
              tt="uppercase"
              c={active ? "teal" : "dimmed"}
              ta={sort ? "right" : "left"}
              style={{ cursor: sort ? "pointer" : "default", userSelect: "none" }}
              onClick={() => sort && onSort(sort)}
              data-testid={`col-${h.id}`}
            >
              {flexRender(h.column.columnDef.header, h.getContext())}
              {active && (query.descending ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
            </Text>
          );
        })}
      </div>
      <div ref={scrollRef} style={{ height: "calc(100vh - 330px)", minHeight: 240, overflow: "auto" }}>
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((v) => {
            const row = tableRows[v.index];
            return (
              <div
                key={v.key}
                data-testid={row ? "stock-row" : "stock-row-loading"}
                style={{
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
                  row.getVisibleCells().map((c) => <div key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</div>)
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
