import { ActionIcon, Badge, CopyButton, Group, Image, Modal, Paper, Select, Table, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconCopy, IconExternalLink, IconSearch, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../components/ConfirmModal";
import type { FileKind, LibraryFile } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { formatDateTime } from "../../lib/format";
import { FILE_KINDS, formatBytes, isImage, previewable } from "../../lib/files";
import { useWorkspace } from "../../queries/accounts";
import { useLibrary, useOpenFile, useRemoveFile } from "../../queries/files";

/** The uploaded files of every account: search, type filter, copy the URL, open, preview, remove. */
export function LibraryTable() {
  const { t } = useTranslation();
  const ws = useWorkspace().data;
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 200);
  const [kind, setKind] = useState<FileKind | null>(null);
  const list = useLibrary({ search: debounced || null, kind, accountId: null });
  const remove = useRemoveFile();
  const open = useOpenFile();
  const [preview, setPreview] = useState<LibraryFile | null>(null);
  const [removing, setRemoving] = useState<LibraryFile | null>(null);
  const labelOf = (id: string) => {
    const a = ws?.accounts.find((x) => x.id === id);
    return a ? accountLabel(a, t) : id;
  };
  const rows: LibraryFile[] = list.data ?? [];
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t("files.library")}</Title>
        <Group>
          <TextInput leftSection={<IconSearch size={16} />} placeholder={t("files.search")} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={240} />
          <Select
            w={140}
            placeholder={t("files.allKinds")}
            clearable
            data={FILE_KINDS.map((k) => ({ value: k, label: k.toUpperCase() }))}
            value={kind}
            onChange={(v) => setKind(v as FileKind | null)}
            comboboxProps={{ withinPortal: false }}
          />
        </Group>
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t("files.libraryEmpty")}
        </Text>
      ) : (
        <Table data-testid="files-library">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th>{t("files.name")}</Table.Th>
              <Table.Th>{t("files.size")}</Table.Th>
              <Table.Th>{t("files.account")}</Table.Th>
              <Table.Th>{t("files.uploadedAt")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((f) => (
              <Table.Tr key={f.id} data-testid="library-row" data-name={f.name} data-url={f.url}>
                <Table.Td w={64}>
                  {isImage(f.kind) ? (
                    <Image src={f.url} w={48} h={48} fit="cover" radius="sm" alt={f.name} />
                  ) : (
                    <Badge variant="outline">{f.kind.toUpperCase()}</Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text
                    size="sm"
                    c={previewable(f) ? "teal.8" : undefined}
                    style={previewable(f) ? { cursor: "pointer" } : undefined}
                    onClick={() => previewable(f) && setPreview(f)}
                    data-testid="library-name"
                  >
                    {f.name}
                  </Text>
                  <Text size="xs" c="dimmed" maw={360} truncate="end">
                    {f.url}
                  </Text>
                </Table.Td>
                <Table.Td>{formatBytes(f.size)}</Table.Td>
                <Table.Td>{labelOf(f.accountId)}</Table.Td>
                <Table.Td>{formatDateTime(f.uploadedAt)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <CopyButton value={f.url}>
                      {({ copied, copy }) => (
                        <Tooltip label={copied ? t("files.copied") : t("files.copyUrl")}>
                          <ActionIcon variant="subtle" onClick={copy} aria-label={t("files.copyUrl")}>
                            <IconCopy size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </CopyButton>
                    <Tooltip label={t("files.open")}>
                      <ActionIcon variant="subtle" onClick={() => open.mutate(f.id)} aria-label={t("files.open")}>
                        <IconExternalLink size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t("files.remove")}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        onClick={() => setRemoving(f)}
                        aria-label={t("files.remove")}
                        data-testid="library-remove"
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t("files.removeTitle")}
        body={t("files.removeBody", { name: removing?.name ?? "" })}
        confirmLabel={t("common.remove")}
        confirmTestId="library-remove-confirm"
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
      />
      <Modal opened={!!preview} onClose={() => setPreview(null)} size="xl" title={preview?.name ?? ""} data-testid="file-preview">
        {preview && isImage(preview.kind) && <Image src={preview.url} fit="contain" mah={600} alt={preview.name} />}
        {preview && preview.kind === "pdf" && (
          <iframe src={preview.url} title={preview.name} sandbox="allow-scripts" referrerPolicy="no-referrer" style={{ width: "100%", height: 600, border: 0 }} data-testid="pdf-preview" />
        )}
      </Modal>
    </Paper>
  );
}
