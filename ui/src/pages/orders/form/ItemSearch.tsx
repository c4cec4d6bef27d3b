import { Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CatalogItem } from "../../../ipc";
import { formatVnd } from "../../../lib/format";
import { useCatalogSearch } from "../../../queries/orders";

const keyOf = (i: CatalogItem) => `${i.vendorProductId}/${i.vendorVariationId}`;

/**
 * Search the target account's catalog by SKU, name or barcode; shows stock per warehouse. The label and
 * test ids default to the order form's (the PO form passes its own).
 */
export function ItemSearch({
  accountId,
  onPick,
  label,
  testId = "item-search",
  optionTestId = "item-option",
  error,
  scans,
}: {
  accountId: string;
  onPick: (item: CatalogItem) => void;
  label?: string;
  testId?: string;
  optionTestId?: string;
  error?: string;
  /** Set where a barcode scan into the field adds the item: counts the scans taken, each one clears the field. */
  scans?: number;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  // what the scanner typed into the field is not a search: a new scan clears it
  const [seenScans, setSeenScans] = useState(scans);
  if (scans !== seenScans) {
    setSeenScans(scans);
    setSearch("");
  }
  const [debounced] = useDebouncedValue(search, 150);
  const found = useCatalogSearch(accountId, debounced);
  const list = found.data ?? [];
  return (
    <Select
      label={label ?? t("orders.form.addItem")}
      placeholder={t("orders.form.addItemPlaceholder")}
      searchable
      data={list.map((i) => ({ value: keyOf(i), label: `${i.sku ?? ""} · ${i.name}` }))}
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(v) => {
        const item = list.find((i) => keyOf(i) === v);
        if (item) {
          onPick(item);
          setSearch("");
        }
      }}
      nothingFoundMessage={t("orders.form.noProduct")}
      data-testid={testId}
      data-scan={scans !== undefined ? "accept" : undefined}
      error={error}
      comboboxProps={{ withinPortal: false }}
      renderOption={({ option }) => {
        const item = list.find((i) => keyOf(i) === option.value);
        return (
          <Stack gap={0} data-testid={optionTestId}>
            <Text size="sm">{option.label}</Text>
            {item && (
              <Text size="xs" c="dimmed">
                {item.priceVnd !== null ? formatVnd(item.priceVnd) : ""}
                {item.stock.map((s) => ` · ${s.warehouseName}: ${s.available ?? s.onHand ?? "–"}`).join("")}
              </Text>
            )}
          </Stack>
        );
      }}
    />
  );
}
