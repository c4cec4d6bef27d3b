import { TagsInput } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** The shipping-label documents of an Onflow B2C shipment (URLs returned by Onflow's upload). */
export function DocumentPicker({
  value,
  onChange,
}: {
  accountId: string;
  value: string[];
  onChange: (urls: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <TagsInput
      label={t("orders.form.documents")}
      description={t("orders.form.documentsHint")}
      value={value}
      onChange={onChange}
      data-testid="order-documents"
    />
  );
}
