import { Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconUpload } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { canRetry, DEFAULT_MAX_BYTES, formatBytes, isActive, isFailed, jobErrorText, liveJob } from "../../lib/files";
import {
  useCancelJob,
  useClearFinished,
  useFileDrop,
  useFileJobs,
  useFilesConfig,
  useRetryJob,
  useUploadPaths,
  useUploadPick,
} from "../../queries/files";

/** The drop zone and the dialog button for one Onflow account, and the session's upload queue. */
export function UploadQueue({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const config = useFilesConfig();
  const maxBytes = config.data?.maxBytes ?? DEFAULT_MAX_BYTES;
  const { jobs, progress } = useFileJobs();
  const [dragging, setDragging] = useState(false);
  const pick = useUploadPick(accountId);
  const drop = useUploadPaths(accountId);
  const cancel = useCancelJob();
  const retry = useRetryJob();
  const clear = useClearFinished();

  useFileDrop((paths) => {
    setDragging(false);
    if (paths.length > 0) drop.mutate(paths);
  });

  // say so when an upload was not needed because the library already has the same content
  const reused = jobs.filter((j) => j.state === "reused").length;
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
                  const { sent, total, state, percent } = liveJob(j, progress[j.jobId]);
                  return (
                    <Table.Tr key={j.jobId} data-testid="file-job" data-state={state} data-name={j.name}>
                      <Table.Td w="35%">
                        <Text size="sm">{j.name}</Text>
                        {isFailed(state) && j.error && (
                          <Text size="xs" c="red" data-testid="file-job-error">
                            {jobErrorText(j, t, maxBytes)}
                          </Text>
                        )}
                        {state === "reused" && (
                          <Text size="xs" c="blue" data-testid="file-job-reused">
                            {t("files.reused")}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td w="35%">
                        <Progress value={percent} color={isFailed(state) ? "red" : "teal"} data-testid="file-job-progress" data-value={percent} />
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
                        {isActive(state) && (
                          <Button size="xs" variant="subtle" color="red" onClick={() => cancel.mutate(j.jobId)}>
                            {t("common.cancel")}
                          </Button>
                        )}
                        {canRetry(state) && (
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
