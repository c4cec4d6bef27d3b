import { Paper, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Vendor } from "../../../ipc";
import type { VendorFields } from "../../../lib/orders";
import { NhanhExtras } from "./NhanhExtras";
import { OnflowExtras } from "./OnflowExtras";
import { PancakeExtras } from "./PancakeExtras";
import type { FieldErrorOf } from "./types";

/** The target vendor's own fields, each vendor in its component. */
export function VendorExtras({
  vendor,
  accountId,
  value,
  onChange,
  fieldError,
}: {
  vendor: Vendor;
  accountId: string;
  value: VendorFields;
  onChange: (next: VendorFields) => void;
  fieldError: FieldErrorOf;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" data-testid={`order-extras-${vendor}`}>
      <Title order={4} mb="sm">
        {t("orders.form.vendorFields", { vendor: t(`vendors.${vendor}`) })}
      </Title>
      {vendor === "onflow" && (
        <OnflowExtras
          accountId={accountId}
          value={value.onflow}
          onChange={(patch) => onChange({ ...value, onflow: { ...value.onflow, ...patch } })}
          fieldError={fieldError}
        />
      )}
      {vendor === "nhanh" && <NhanhExtras accountId={accountId} value={value.nhanh} onChange={(nhanh) => onChange({ ...value, nhanh })} />}
      {vendor === "pancake" && <PancakeExtras accountId={accountId} value={value.pancake} onChange={(pancake) => onChange({ ...value, pancake })} />}
    </Paper>
  );
}
