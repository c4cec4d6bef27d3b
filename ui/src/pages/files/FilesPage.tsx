import { Select, Stack } from "@mantine/core";
import { IconFiles } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { accountLabel } from "../../lib/accounts";
import { useOnflowAccounts } from "../../queries/accounts";
import { LibraryTable } from "./LibraryTable";
import { UploadQueue } from "./UploadQueue";

/** Upload documents and images to Onflow (dialog or drag-and-drop), watch the queue, use the library. */
export function FilesPage() {
  const { t } = useTranslation();
  const onflow = useOnflowAccounts();
  const [accountId, setAccountId] = useState<string | null>(null);
  const account = accountId ?? onflow[0]?.id ?? null;

  if (onflow.length === 0) {
    return (
      <>
        <PageHeader title={t("pages.files.title")} />
        <EmptyState icon={<IconFiles size={34} stroke={1.5} />} title={t("files.noOnflowTitle")} body={t("files.noOnflowBody")} />
      </>
    );
  }
  return (
    <Stack>
      <PageHeader title={t("pages.files.title")}>
        <Select
          w={280}
          data={onflow.map((a) => ({ value: a.id, label: accountLabel(a, t) }))}
          value={account}
          onChange={setAccountId}
          aria-label={t("files.account")}
          data-testid="files-account"
          comboboxProps={{ withinPortal: false }}
        />
      </PageHeader>
      {account && <UploadQueue accountId={account} />}
      <LibraryTable />
    </Stack>
  );
}
