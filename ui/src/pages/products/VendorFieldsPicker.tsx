import { Group, MultiSelect, Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ProductAccount } from "../../ipc";
import type { ProductForm } from "../../lib/productForm";
import { useProductOptions } from "../../queries/productCreate";

/** Onflow's enumerated fields, in the form's order (characteristics are a multi-select of their own). */
const ONFLOW_FIELDS = ["productType", "productUnit", "storageMethod", "inventoryTrackingType", "outboundStrategy"];

/**
 * One account's own fields in the product form, from what its vendor offers (`product_options`): Onflow's values
 * with the default a blank field takes (kept in Rust), its characteristics; Pancake's categories (any number);
 * Nhanh's category (one). Nothing is asked of an account left out.
 */
export function VendorFieldsPicker({
  account,
  form,
  set,
  error,
}: {
  account: ProductAccount;
  form: ProductForm;
  set: (patch: Partial<ProductForm>) => void;
  error: (path: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const id = account.accountId;
  const options = useProductOptions(id, true);
  const o = options.data;
  if (!o) return null;
  const categories = o.categories.map((c) => ({ value: String(c.id), label: c.name }));
  const picked = (form.categories[id] ?? []).map(String);
  const setCategories = (ids: string[]) => set({ categories: { ...form.categories, [id]: ids.map(Number) } });
  switch (account.vendor) {
    case "onflow":
      return (
        <Group gap="xs" data-testid="product-onflow-fields">
          {ONFLOW_FIELDS.map((field) => {
            const c = o.choices.find((x) => x.field === field);
            if (!c) return null;
            return (
              <Select
                key={field}
                w={170}
                size="xs"
                label={t(`productForm.onflow.${field}`)}
                data={c.values}
                value={form.choices[id]?.[field] ?? c.default}
                onChange={(v) => set({ choices: { ...form.choices, [id]: { ...(form.choices[id] ?? {}), ...(v ? { [field]: v } : {}) } } })}
                allowDeselect={false}
                data-testid={`product-onflow-${field}`}
                comboboxProps={{ withinPortal: false }}
              />
            );
          })}
          {o.choices.some((x) => x.field === "characteristics") && (
            <MultiSelect
              w={220}
              size="xs"
              label={t("productForm.onflow.characteristics")}
              data={o.choices.find((x) => x.field === "characteristics")?.values ?? []}
              value={form.characteristics[id] ?? []}
              onChange={(v) => set({ characteristics: { ...form.characteristics, [id]: v } })}
              data-testid="product-onflow-characteristics"
              comboboxProps={{ withinPortal: false }}
            />
          )}
        </Group>
      );
    case "pancake":
      return (
        <MultiSelect
          style={{ flex: 1 }}
          label={t("productForm.category")}
          placeholder={categories.length === 0 ? t("productForm.noCategories") : undefined}
          data={categories}
          value={picked}
          onChange={setCategories}
          searchable
          error={error("categoryIds")}
          data-testid="product-categories"
          comboboxProps={{ withinPortal: false }}
        />
      );
    case "nhanh":
      return (
        <Select
          style={{ flex: 1 }}
          label={t("productForm.category")}
          placeholder={categories.length === 0 ? t("productForm.noCategories") : undefined}
          data={categories}
          value={picked[0] ?? null}
          onChange={(v) => setCategories(v ? [v] : [])}
          searchable
          clearable
          error={error("categoryId")}
          data-testid="product-categories"
          comboboxProps={{ withinPortal: false }}
        />
      );
  }
}
