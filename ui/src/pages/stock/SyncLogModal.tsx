import { Badge, Group, Modal, ScrollArea, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { StoredError } from "../../components/StoredError";
import type { LogLine, SyncRun } from "../../ipc";
import { formatNumber } from "../../lib/format";
import { logLineShown, runErrorShown } from "../../lib/storedErrors";
import { useSyncLog, useSyncRuns } from "../../queries/stock";

const STATUS_COLOR: Record<string, string> = { ok: "teal", partial: "yellow", failed: "red", running: "blue", cancelled: "gray" };

/** What one log line says, in the user's language, with the vendor's detail below it. */
function LogLineText({ line }: { line: LogLine }) {
  const { t } = useTranslation();
  const shown = logLineShown(line, t);
  return (
    <>
      <Text size="xs">{shown?.text}</Text>
      {shown?.detail && (
        <Text size="xs" c="dimmed">
          {t("errors.detail", { detail: shown.detail })}
        </Text>
      )}
    </>
  );
}

/** An account's recent sync runs and, for the chosen one, every log line with per-item problems. */
export function SyncLogModal({ accountId, title, onClose }: { accountId: string | null; title: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [run, setRun] = useState<SyncRun | null>(null);
  const runs = useSyncRuns(accountId);
  const lines = useSyncLog(run?.id ?? null);
  const close = () => {
    setRun(null);
    onClose();
  };
  return (
    <Modal opened={accountId !== null} onClose={close} title={t("stock.logTitle", { account: title })} size="xl">
      <Stack>
        {(runs.data ?? []).map((r) => (
          <UnstyledButton key={r.id} onClick={() => setRun(r)} data-testid="sync-run">
            <Group justify="space-between">
              <Group gap="xs">
                <Badge color={STATUS_COLOR[r.status] ?? "gray"}>{t(`stock.status.${r.status}`)}</Badge>
                <Text size="sm">{new Date(r.startedAt).toLocaleString("vi-VN")}</Text>
                <Text size="xs" c="dimmed">
                  {t(`stock.mode.${r.kind}`)}
                </Text>
              </Group>
              <Text size="xs" c="dimmed">
                {t("stock.runCounts", {
                  listings: formatNumber(r.counts.listings),
                  warnings: formatNumber(r.counts.warnings),
                  errors: formatNumber(r.counts.errors),
                })}
              </Text>
            </Group>
            <StoredError error={runErrorShown(r, t)} testId="sync-run-error" />
          </UnstyledButton>
        ))}
        {(runs.data ?? []).length === 0 && <Text c="dimmed">{t("stock.neverSynced")}</Text>}
        {run && (
          <ScrollArea h={320}>
            <Table>
              <Table.Tbody>
                {(lines.data ?? []).map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <Badge size="xs" color={l.level === "error" ? "red" : l.level === "warn" ? "yellow" : "gray"}>
                        {t(`stock.level.${l.level}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {l.itemRef ?? ""}
                      </Text>
                    </Table.Td>
                    <Table.Td data-testid="sync-log-line" data-code={l.code ?? ""}>
                      <LogLineText line={l} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {lines.isSuccess && lines.data.length === 0 && <Text c="dimmed">{t("stock.logEmpty")}</Text>}
          </ScrollArea>
        )}
      </Stack>
    </Modal>
  );
}
