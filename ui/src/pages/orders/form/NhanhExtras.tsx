import { Grid, Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { NhanhFields } from "../../../lib/orders";
import { useOrderOptions } from "../../../queries/orders";

/** Nhanh: the carrier and its service (empty: Nhanh chooses). */
export function NhanhExtras({ accountId, value, onChange }: { accountId: string; value: NhanhFields; onChange: (next: NhanhFields) => void }) {
  const { t } = useTranslation();
  const options = useOrderOptions(accountId);
  const carriers = options.data?.carriers ?? [];
  return (
    <Grid>
      <Grid.Col span={6}>
        <Select
          label={t("orders.form.carrier")}
          description={t("orders.form.carrierHint")}
          clearable
          data={carriers.map((c) => ({ value: String(c.id), label: c.name }))}
          value={value.carrierId === null ? null : String(value.carrierId)}
          onChange={(v) => onChange({ carrierId: v ? Number(v) : null, carrierServiceId: null })}
          data-testid="order-carrier"
          comboboxProps={{ withinPortal: false }}
        />
      </Grid.Col>
      <Grid.Col span={6}>
        <Select
          label={t("orders.form.carrierService")}
          clearable
          disabled={value.carrierId === null}
          data={(carriers.find((c) => c.id === value.carrierId)?.services ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
          value={value.carrierServiceId === null ? null : String(value.carrierServiceId)}
          onChange={(v) => onChange({ ...value, carrierServiceId: v ? Number(v) : null })}
          comboboxProps={{ withinPortal: false }}
        />
      </Grid.Col>
    </Grid>
  );
}
