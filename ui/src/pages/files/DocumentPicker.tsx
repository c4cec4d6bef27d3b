import { Button, Group, MultiSelect, Stack, Text } from "@mantine/core";
import { IconUpload } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FileKind, LibraryFile } from "../../ipc";
import { isActive } from "../../lib/files";
import { useFileJobs, useLibrary, useUploadPick } from "../../queries/files";

/**
 * Documents sent to Onflow by URL (the shipping labels of a B2C shipment, the invoices of a PO): files
 * from the library of that Onflow account (their URLs go with the record), or one uploaded on the spot, which is
 * picked as soon as its upload finishes.
 * The texts and test id default to the shipment's.
 */
export function DocumentPicker({
  accountId,
  value,
  onChange,
  label,
  description,
  testId = "order-documents",
  kinds,
}: {
  accountId: string;
  value: string[];
  /** The picked URLs, and the files they may name (the library and what was just uploaded). */
  onChange: (urls: string[], files: LibraryFile[]) => void;
  label?: string;
  description?: string;
  testId?: string;
  /** Only files of these kinds (e.g. images for a product); every kind when absent. */
  kinds?: readonly FileKind[];
}) {
  const { t } = useTranslation();
  const library = useLibrary({ accountId, kind: null, search: null }, !!accountId);
  const { jobs } = useFileJobs();
  const upload = useUploadPick(accountId);
  const active = jobs.filter((j) => j.accountId === accountId && isActive(j.state));
  // the uploads started here: each is picked once it is in the library, and forgotten when it ends otherwise
  const [started, setStarted] = useState<number[]>([]);
  useEffect(() => {
    if (started.length === 0) return;
    const ended = jobs.filter((j) => started.includes(j.jobId) && !isActive(j.state));
    if (ended.length === 0) return;
    const files = ended.flatMap((j) => (j.file ? [j.file] : []));
    const urls = files.map((f) => f.url).filter((u) => !value.includes(u));
    if (urls.length > 0) onChange([...value, ...urls], [...(library.data ?? []), ...files]);
    setStarted((s) => s.filter((id) => !ended.some((j) => j.jobId === id)));
  }, [jobs, started, value, onChange, library.data]);
  return (
    <Stack gap={4}>
      <Group align="flex-end">
        <MultiSelect
          style={{ flex: 1 }}
          label={label ?? t("orders.form.documents")}
          description={description ?? t("orders.form.documentsHint")}
          placeholder={t("orders.form.documentsPlaceholder")}
          data={(library.data ?? []).filter((f) => !kinds || kinds.includes(f.kind)).map((f) => ({ value: f.url, label: f.name }))}
          value={value}
          onChange={(urls) => onChange(urls, library.data ?? [])}
          searchable
          data-testid={testId}
          comboboxProps={{ withinPortal: false }}
        />
        <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => upload.mutate(undefined, { onSuccess: (ids) => setStarted((s) => [...s, ...ids]) })} loading={upload.isPending || active.length > 0} disabled={!accountId} data-testid={`${testId}-upload`}>
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
