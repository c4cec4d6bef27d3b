import { Button, Group, MultiSelect, Stack, Text } from "@mantine/core";
import { IconUpload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { isActive } from "../../lib/files";
import { useFileJobs, useLibrary, useUploadPick } from "../../queries/files";

/**
 * Documents sent to Onflow by URL (the shipping labels of a B2C shipment, the invoices of a PO): files
 * from the library of that Onflow account (their URLs go with the record), or one uploaded on the spot.
 * The texts and test id default to the shipment's.
 */
export function DocumentPicker({
  accountId,
  value,
  onChange,
  label,
  description,
  testId = "order-documents",
}: {
  accountId: string;
  value: string[];
  onChange: (urls: string[]) => void;
  label?: string;
  description?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const library = useLibrary({ accountId, kind: null, search: null }, !!accountId);
  const { jobs } = useFileJobs();
  const upload = useUploadPick(accountId);
  const active = jobs.filter((j) => j.accountId === accountId && isActive(j.state));
  return (
    <Stack gap={4}>
      <Group align="flex-end">
        <MultiSelect
          style={{ flex: 1 }}
          label={label ?? t("orders.form.documents")}
          description={description ?? t("orders.form.documentsHint")}
          placeholder={t("orders.form.documentsPlaceholder")}
          data={(library.data ?? []).map((f) => ({ value: f.url, label: f.name }))}
          value={value}
          onChange={onChange}
          searchable
          data-testid={testId}
          comboboxProps={{ withinPortal: false }}
        />
        <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => upload.mutate()} loading={upload.isPending || active.length > 0} disabled={!accountId}>
          {t("orders.form.uploadDocument")}
        </Button>
      </Group>
      {active.length > 0 && (
        <Text size="xs" c="dimmed">
          {t("orders.form.uploading", { name: active[0]?.name ?? "" })}
        </Text>
      )}
    </Stack>
  );
}
