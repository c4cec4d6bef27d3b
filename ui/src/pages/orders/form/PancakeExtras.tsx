import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PancakeFields } from "../../../lib/orders";
import { useOrderOptions } from "../../../queries/orders";

/** Pancake: the order source (the shop's `order_sources`). */
export function PancakeExtras({ accountId, value, onChange }: { accountId: string; value: PancakeFields; onChange: (next: PancakeFields) => void }) {
  const { t } = useTranslation();
  const options = useOrderOptions(accountId);
  return (
    <Select
      w={320}
      label={t("orders.form.orderSource")}
      description={t("orders.form.orderSourceHint")}
      clearable
      data={(options.data?.sources ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
      value={value.orderSource === null ? null : String(value.orderSource)}
      onChange={(v) => onChange({ orderSource: v ? Number(v) : null })}
      data-testid="order-source"
      comboboxProps={{ withinPortal: false }}
    />
  );
}
