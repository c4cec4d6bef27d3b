import { Grid, Select, Stack, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { PLATFORMS, type OnflowFields } from "../../../lib/orders";
import { DocumentPicker } from "../../files/DocumentPicker";
import type { FieldErrorOf } from "./types";

/** Onflow B2C shipment: the marketplace, its order number and waybill, the label documents. */
export function OnflowExtras({
  accountId,
  value,
  onChange,
  fieldError,
}: {
  accountId: string;
  value: OnflowFields;
  onChange: (patch: Partial<OnflowFields>) => void;
  fieldError: FieldErrorOf;
}) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Grid>
        <Grid.Col span={4}>
          <Select
            label={t("orders.form.platform")}
            data={PLATFORMS.map((p) => ({ value: p, label: t(`orders.platforms.${p}`) }))}
            value={value.platform}
            onChange={(platform) => onChange({ platform })}
            required
            error={fieldError("extras.onflow.platform") ?? fieldError("extras.onflow")}
            data-testid="order-platform"
            comboboxProps={{ withinPortal: false }}
          />
        </Grid.Col>
        <Grid.Col span={4}>
          <TextInput label={t("orders.form.marketplaceRef")} value={value.marketplaceRef} onChange={(e) => onChange({ marketplaceRef: e.currentTarget.value })} data-testid="order-marketplace-ref" />
        </Grid.Col>
        <Grid.Col span={4}>
          <TextInput label={t("orders.form.waybill")} value={value.waybill} onChange={(e) => onChange({ waybill: e.currentTarget.value })} data-testid="order-waybill" />
        </Grid.Col>
      </Grid>
      <DocumentPicker accountId={accountId} value={value.documents} onChange={(documents) => onChange({ documents })} />
    </Stack>
  );
}
