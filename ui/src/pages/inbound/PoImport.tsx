import { Badge, Button, Grid, Modal, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFileImport } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ImportFileError, ImportProgress, PreviewHead, TemplateStep } from "../../components/ImportParts";
import { errorText } from "../../components/errors";
import { type PoImportQueued, type PoImportView, type PoRow } from "../../ipc";
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

/** A code (reference, warehouse, package, SKU) in a cell. */
function Mono({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" ff="monospace">
      {children}
    </Text>
  );
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

  const pos = view?.preview.pos ?? [];
  const errorsOf = (row: number) => pos.flatMap((p) => p.errors.filter((e) => e.row === row));

  return (
    <Modal opened onClose={onClose} fullScreen title={t("inbound.import.title")} data-testid="po-import">
      <Stack maw={1200} mx="auto">
        <TemplateStep hint={t("inbound.import.templateHint")} template={template} testIdPrefix="po-import" />
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
          <ImportFileError error={preview.error} testId="po-import-file-error" />
        </Paper>
        {view && (
          <Paper withBorder p="md" data-testid="po-import-preview">
            <PreviewHead
              fileName={view.fileName}
              valid={{ count: view.preview.validCount, text: t("inbound.import.validCount", { count: view.preview.validCount }) }}
              invalid={{ count: view.preview.invalidCount, text: t("inbound.import.invalidCount", { count: view.preview.invalidCount }) }}
              sendLabel={t("inbound.import.send", { count: view.preview.validCount })}
              disabled={view.preview.validCount === 0 || queued.length > 0}
              sending={send.isPending}
              onSend={sendValid}
              testIdPrefix="po-import"
            />
            <ImportProgress
              done={done}
              total={total}
              label={t("inbound.import.progress", { done: formatNumber(done), total: formatNumber(total) })}
              onReport={saveReport}
              reporting={report.isPending}
              testIdPrefix="po-import"
            />
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
                        <Mono>{p.key || "—"}</Mono>
                      </Table.Td>
                      <Table.Td>
                        <Mono>{p.warehouseCode || "—"}</Mono>
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
                        <Mono>{l.reference || "—"}</Mono>
                      </Table.Td>
                      <Table.Td>
                        <Mono>{l.packageCode || "—"}</Mono>
                      </Table.Td>
                      <Table.Td>
                        <Mono>{l.sku || "—"}</Mono>
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
