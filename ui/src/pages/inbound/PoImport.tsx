import { Alert, Badge, Button, Grid, Group, Modal, Paper, Progress, Select, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconFileImport, IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../../components/FormError";
import { errorText } from "../../components/errors";
import { toAppError, type PoImportQueued, type PoImportView, type PoRow } from "../../ipc";
import { formatNumber } from "../../lib/format";
import {
  poImportReportRows,
  poState,
  progress,
  rowsByReference,
  rowStates,
  sendablePos,
  type PoImportRowError,
  type PoImportRowState,
} from "../../lib/poImport";
import { useInboundTargets, usePoImportPreview, usePoImportReport, usePoImportSend, usePoImportTemplate, usePoList } from "../../queries/inbound";

const STATE_COLOR: Record<PoImportRowState, string> = {
  error: "red",
  blocked: "orange",
  ready: "teal",
  refused: "red",
  queued: "blue",
  sending: "blue",
  unknown: "yellow",
  failed: "red",
  needsAttention: "orange",
  sent: "teal",
};

/** The message of a row error: the import's own codes, else the PO form's, else the shared ones. */
function useDescribe() {
  const { t, i18n } = useTranslation();
  const message = (code: string) => {
    if (i18n.exists(`inbound.import.codes.${code}`)) return t(`inbound.import.codes.${code}`);
    if (i18n.exists(`inbound.validation.${code}`)) return t(`inbound.validation.${code}`);
    return t("inbound.form.invalidField", { code });
  };
  const describe = (e: PoImportRowError) =>
    `${t("orders.import.row", { row: e.row })}${e.column ? ` – ${e.column}` : ""}: ${message(e.code)}${e.value ? ` (${e.value})` : ""}`;
  const describeSend = (q: PoImportQueued, row: PoRow | undefined) => {
    const error = q.error ?? row?.error;
    if (!error) return null;
    const codes = error.details?.fields?.reference ?? [];
    return codes.length > 0 ? codes.map(message).join(" ") : errorText(error);
  };
  return { message, describe, describeSend };
}

/** States of the import itself; the others are the PO journal's send states. */
const OWN_STATES: ReadonlySet<PoImportRowState> = new Set(["error", "blocked", "ready", "refused"]);

/** The state chip of a row or a PO. */
function StateBadge({ state, testId }: { state: PoImportRowState; testId?: string }) {
  const { t } = useTranslation();
  const label = OWN_STATES.has(state) ? t(`inbound.import.states.${state}`) : t(`inbound.send.${state}`);
  return (
    <Badge variant="light" color={STATE_COLOR[state]} data-testid={testId} data-state={state}>
      {label}
    </Badge>
  );
}

/**
 * "Nhập từ Excel" on the Nhập kho page: the template, the file checked for an Onflow account (POs with their
 * packages and units, every row with its errors; nothing stored), the valid POs sent through the PO journal
 * (each once) with progress, and the report.
 */
export function PoImport({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { describe, describeSend } = useDescribe();
  const targets = useInboundTargets();
  const list = targets.data ?? [];
  const [pickedAccount, setPickedAccount] = useState<string | null>(null);
  const accountId = pickedAccount ?? list[0]?.accountId ?? null;
  // the warehouses and the catalog the rows are checked against come from the stock sync
  const synced = (list.find((x) => x.accountId === accountId)?.warehouses.length ?? 0) > 0;
  const [view, setView] = useState<PoImportView | null>(null);
  const [queued, setQueued] = useState<PoImportQueued[]>([]);

  const template = usePoImportTemplate();
  const saveTemplate = (format: "xlsx" | "csv") =>
    template.mutate(format, {
      onSuccess: (path) => {
        if (path) notifications.show({ color: "teal", message: t("orders.import.templateSaved", { path }) });
      },
    });
  const preview = usePoImportPreview();
  const pickFile = () =>
    preview.mutate(accountId ?? "", {
      onSuccess: (v) => {
        if (v) {
          setView(v);
          setQueued([]);
        }
      },
    });
  const send = usePoImportSend();
  const sendValid = () => send.mutate(sendablePos(view), { onSuccess: setQueued });
  const poList = usePoList();
  const byRef = rowsByReference(queued, poList.data);
  const states = rowStates(view, queued, byRef);
  const { done, total } = progress(queued, byRef);
  const report = usePoImportReport();
  const saveReport = () =>
    report.mutate(poImportReportRows(view, queued, byRef, describe, describeSend), {
      onSuccess: (path) => {
        if (path) notifications.show({ color: "teal", message: t("orders.import.reportSaved", { path }) });
      },
    });

  const fileError = preview.error ? toAppError(preview.error) : null;
  const fileCodes = fileError?.details?.fields?.file ?? [];
  const pos = view?.preview.pos ?? [];
  const errorsOf = (row: number) => pos.flatMap((p) => p.errors.filter((e) => e.row === row));

  return (
    <Modal opened onClose={onClose} fullScreen title={t("inbound.import.title")} data-testid="po-import">
      <Stack maw={1200} mx="auto">
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            {t("orders.import.step1")}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t("inbound.import.templateHint")}
          </Text>
          <Group>
            <Button variant="light" leftSection={<IconDownload size={16} />} onClick={() => saveTemplate("xlsx")} data-testid="po-import-template-xlsx">
              {t("orders.import.templateXlsx")}
            </Button>
            <Button variant="subtle" leftSection={<IconDownload size={16} />} onClick={() => saveTemplate("csv")} data-testid="po-import-template-csv">
              {t("orders.import.templateCsv")}
            </Button>
          </Group>
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t("inbound.import.step2")}
          </Title>
          <Grid align="flex-end">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t("inbound.form.account")}
                data={list.map((x) => ({ value: x.accountId, label: x.label }))}
                value={accountId}
                onChange={(v) => {
                  setPickedAccount(v);
                  setView(null);
                  setQueued([]);
                }}
                data-testid="po-import-account"
                comboboxProps={{ withinPortal: false }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Button
                fullWidth
                leftSection={<IconFileImport size={16} />}
                disabled={!accountId || !synced || send.isPending}
                loading={preview.isPending}
                onClick={pickFile}
                data-testid="po-import-pick"
              >
                {t("orders.import.pick")}
              </Button>
            </Grid.Col>
          </Grid>
          {accountId && targets.isSuccess && !synced && (
            <Text size="sm" c="dimmed" mt="xs" data-testid="po-import-not-synced">
              {t("inbound.import.notSynced")}
            </Text>
          )}
          {fileError && fileCodes.length > 0 && (
            <Alert color="red" mt="sm" data-testid="po-import-file-error" data-code={fileCodes.join(" ")}>
              {fileCodes.map((c) => t(`orders.import.fileCodes.${c}`)).join(" ")} {fileError.message}
            </Alert>
          )}
          {fileError && fileCodes.length === 0 && <FormError error={preview.error} />}
        </Paper>
        {view && (
          <Paper withBorder p="md" data-testid="po-import-preview">
            <Group justify="space-between" mb="sm">
              <Stack gap={0}>
                <Title order={4}>{t("orders.import.step3", { file: view.fileName })}</Title>
                <Text size="sm">
                  <span data-testid="po-import-valid" data-count={view.preview.validCount}>
                    {t("inbound.import.validCount", { count: view.preview.validCount })}
                  </span>
                  {" · "}
                  <span data-testid="po-import-invalid" data-count={view.preview.invalidCount}>
                    {t("inbound.import.invalidCount", { count: view.preview.invalidCount })}
                  </span>
                </Text>
              </Stack>
              <Button
                leftSection={<IconSend size={16} />}
                disabled={view.preview.validCount === 0 || queued.length > 0}
                loading={send.isPending}
                onClick={sendValid}
                data-testid="po-import-send"
              >
                {t("inbound.import.send", { count: view.preview.validCount })}
              </Button>
            </Group>
            {total > 0 && (
              <Stack gap={4} mb="sm">
                <Progress value={(done / total) * 100} data-testid="po-import-progress" data-done={done} data-total={total} />
                <Group justify="space-between">
                  <Text size="sm">{t("inbound.import.progress", { done: formatNumber(done), total: formatNumber(total) })}</Text>
                  <Button size="xs" variant="light" disabled={done < total} loading={report.isPending} onClick={saveReport} data-testid="po-import-report">
                    {t("orders.import.saveReport")}
                  </Button>
                </Group>
              </Stack>
            )}
            <Table mb="md" data-testid="po-import-pos">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("inbound.list.reference")}</Table.Th>
                  <Table.Th>{t("inbound.list.warehouse")}</Table.Th>
                  <Table.Th>{t("inbound.list.contents")}</Table.Th>
                  <Table.Th>{t("orders.import.rows")}</Table.Th>
                  <Table.Th>{t("inbound.list.status")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pos.map((p, i) => {
                  const state = poState(p, queued, byRef);
                  const row = byRef.get(p.key);
                  return (
                    <Table.Tr key={`${p.key}-${i}`} data-testid="po-import-po" data-reference={p.key} data-state={state} data-po-code={row?.poCode ?? ""}>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {p.key || "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {p.warehouseCode || "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {t("inbound.list.packagesCount", { packages: formatNumber(p.packages) })} ·{" "}
                          {t("inbound.list.unitsCount", { units: formatNumber(p.units) })}
                        </Text>
                      </Table.Td>
                      <Table.Td>{p.rows.join(", ")}</Table.Td>
                      <Table.Td>
                        <StateBadge state={state} testId="po-import-po-state" />
                        {row?.poCode && (
                          <Text size="xs" ff="monospace" c="dimmed">
                            {row.poCode}
                          </Text>
                        )}
                        {state === "refused" || state === "failed" || state === "needsAttention" ? (
                          <Text size="xs" c="red" data-testid="po-import-send-error">
                            {describeSend(queued.find((q) => q.key === p.key) ?? { key: p.key, row: null, error: null }, row)}
                          </Text>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Table striped data-testid="po-import-rows">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("orders.import.rows")}</Table.Th>
                  <Table.Th>{t("inbound.list.reference")}</Table.Th>
                  <Table.Th>{t("inbound.form.packageCode")}</Table.Th>
                  <Table.Th>{t("inbound.form.product")}</Table.Th>
                  <Table.Th>{t("inbound.form.quantity")}</Table.Th>
                  <Table.Th>{t("inbound.list.status")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {view.preview.lines.map((l) => {
                  const state = states.get(l.row) ?? "ready";
                  const errors = errorsOf(l.row);
                  return (
                    <Table.Tr key={l.row} data-testid="po-import-row" data-row={l.row} data-state={state} data-reference={l.reference}>
                      <Table.Td>{l.row}</Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {l.reference || "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {l.packageCode || "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {l.sku || "—"}
                        </Text>
                        {l.name && (
                          <Text size="xs" c="dimmed">
                            {l.name}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{l.quantity === null ? "—" : formatNumber(l.quantity)}</Table.Td>
                      <Table.Td>
                        <StateBadge state={state} />
                        {errors.length > 0 && (
                          <Stack gap={2} mt={4}>
                            {errors.map((e, n) => (
                              <Text key={n} size="xs" c="red" data-testid="po-import-row-error" data-row={e.row} data-code={e.code}>
                                {describe(e)}
                              </Text>
                            ))}
                          </Stack>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>
    </Modal>
  );
}
