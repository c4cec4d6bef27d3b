import {
  ActionIcon,
  Badge,
  Button,
  CopyButton,
  Group,
  Image,
  Modal,
  Paper,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconCopy, IconExternalLink, IconFiles, IconSearch, IconTrash, IconUpload } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { useWorkspace } from "../../hooks/accounts";
import { useFileJobs, useOnflowAccounts } from "../../hooks/files";
import { ipc, type FileKind, type JobUpdate, type LibraryFile } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { formatDateTime, formatNumber } from "../../lib/format";

const KINDS: FileKind[] = ["pdf", "png", "jpeg", "webp", "docx", "xlsx"];
const IMAGE: FileKind[] = ["png", "jpeg", "webp"];

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${formatNumber(Math.round((n / 1024 / 1024) * 10) / 10)} MB`;
  if (n >= 1024) return `${formatNumber(Math.round(n / 1024))} KB`;
  return `${formatNumber(n)} B`;
}

/** The localized reason of a failed or rejected job. */
export function jobErrorText(job: JobUpdate, t: (k: string, o?: Record<string, unknown>) => string, maxBytes: number): string {
  const code = job.error?.code ?? "";
  if (code.startsWith("file.")) return t(`files.codes.${code}`, { max: formatBytes(maxBytes) });
  return t(`errors.${code || "Internal"}`);
}

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
      {account && <Uploader accountId={account} />}
      <LibraryTable />
    </Stack>
  );
}

function Uploader({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const config = useQuery({ queryKey: ["files", "config"], queryFn: ipc.filesConfig, staleTime: Infinity });
  const maxBytes = config.data?.maxBytes ?? 10 * 1024 * 1024;
  const { jobs, progress } = useFileJobs();
  const qc = useQueryClient();
  const [dragging, setDragging] = useState(false);
  const pick = useMutation({ mutationFn: () => ipc.filesUploadPick(accountId) });
  const drop = useMutation({ mutationFn: (paths: string[]) => ipc.filesUploadPaths(accountId, paths) });
  const cancel = useMutation({ mutationFn: (id: number) => ipc.filesCancel(id) });
  const retry = useMutation({ mutationFn: (id: number) => ipc.filesRetry(id) });
  const clear = useMutation({
    mutationFn: ipc.filesClearFinished,
    onSuccess: () => qc.invalidateQueries({ queryKey: ["files", "jobs"] }),
  });
  const { mutate: dropPaths } = drop;

  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    void ipc
      .onFileDrop((paths) => {
        setDragging(false);
        if (paths.length > 0) dropPaths(paths);
      })
      .then((f) => {
        if (cancelled) f();
        else off = f;
      });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [dropPaths]);

  // say so when an upload was not needed because the library already has the same content
  const reused = jobs.filter((j) => j.state === "Reused").length;
  useEffect(() => {
    if (reused > 0) notifications.show({ color: "blue", message: t("files.reusedToast") });
  }, [reused, t]);

  return (
    <Paper withBorder p="md">
      <Stack>
        <Paper
          withBorder
          p="xl"
          radius="md"
          style={{ borderStyle: "dashed", background: dragging ? "var(--mantine-color-teal-0)" : undefined }}
          onDragEnter={() => setDragging(true)}
          onDragLeave={() => setDragging(false)}
          data-testid="files-dropzone"
        >
          <Stack align="center" gap="xs">
            <IconUpload size={32} stroke={1.5} />
            <Text>{t("files.dropHere")}</Text>
            <Text size="sm" c="dimmed">
              {t("files.accepted", { max: formatBytes(maxBytes) })}
            </Text>
            <Button onClick={() => pick.mutate()} loading={pick.isPending} data-testid="files-pick">
              {t("files.pick")}
            </Button>
          </Stack>
        </Paper>
        {jobs.length > 0 && (
          <>
            <Group justify="space-between">
              <Title order={5}>{t("files.queue")}</Title>
              <Button size="xs" variant="subtle" onClick={() => clear.mutate()}>
                {t("files.clearFinished")}
              </Button>
            </Group>
            <Table data-testid="files-jobs">
              <Table.Tbody>
                {jobs.map((j) => {
                  const live = progress[j.jobId];
                  const sent = live?.sent ?? j.sent;
                  const total = live?.total ?? j.total;
                  const state = live?.state ?? j.state;
                  const pct = total > 0 ? Math.round((sent / total) * 100) : state === "Done" || state === "Reused" ? 100 : 0;
                  return (
                    <Table.Tr key={j.jobId} data-testid="file-job" data-state={state} data-name={j.name}>
                      <Table.Td w="35%">
                        <Text size="sm">{j.name}</Text>
                        {(state === "Failed" || state === "Rejected") && j.error && (
                          <Text size="xs" c="red" data-testid="file-job-error">
                            {jobErrorText(j, t, maxBytes)}
                          </Text>
                        )}
                        {state === "Reused" && (
                          <Text size="xs" c="blue" data-testid="file-job-reused">
                            {t("files.reused")}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td w="35%">
                        <Progress value={pct} color={state === "Failed" || state === "Rejected" ? "red" : "teal"} data-testid="file-job-progress" data-value={pct} />
                        <Text size="xs" c="dimmed">
                          {formatBytes(sent)} / {formatBytes(total)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" data-testid="file-job-state">
                          {t(`files.states.${state}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {(state === "Queued" || state === "Checking" || state === "Uploading") && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => cancel.mutate(j.jobId)}>
                            {t("common.cancel")}
                          </Button>
                        )}
                        {(state === "Failed" || state === "Cancelled") && (
                          <Button size="xs" variant="light" onClick={() => retry.mutate(j.jobId)}>
                            {t("files.retry")}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function LibraryTable() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const ws = useWorkspace().data;
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 200);
  const [kind, setKind] = useState<FileKind | null>(null);
  const list = useQuery({
    queryKey: ["files", "library", debounced, kind],
    queryFn: () => ipc.filesList({ search: debounced || null, kind, accountId: null }),
  });
  const remove = useMutation({
    mutationFn: (id: number) => ipc.filesRemove(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["files"] }),
  });
  const open = useMutation({ mutationFn: (id: number) => ipc.filesOpen(id) });
  const [preview, setPreview] = useState<LibraryFile | null>(null);
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
            data={KINDS.map((k) => ({ value: k, label: k.toUpperCase() }))}
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
                  {IMAGE.includes(f.kind) ? (
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
                      <ActionIcon variant="subtle" color="red" onClick={() => remove.mutate(f.id)} aria-label={t("files.remove")}>
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
      <Modal opened={!!preview} onClose={() => setPreview(null)} size="xl" title={preview?.name ?? ""} data-testid="file-preview">
        {preview && IMAGE.includes(preview.kind) && <Image src={preview.url} fit="contain" mah={600} alt={preview.name} />}
        {preview && preview.kind === "pdf" && (
          <iframe src={preview.url} title={preview.name} sandbox="allow-scripts" referrerPolicy="no-referrer" style={{ width: "100%", height: 600, border: 0 }} data-testid="pdf-preview" />
        )}
      </Modal>
    </Paper>
  );
}

/** Images and PDFs preview inside the app; DOCX/XLSX open in the system's viewer. */
function previewable(f: LibraryFile): boolean {
  return IMAGE.includes(f.kind) || f.kind === "pdf";
}
