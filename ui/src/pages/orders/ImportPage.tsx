import { Badge, Button, Grid, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFileImport } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { ImportFileError, ImportProgress, PreviewHead, TemplateStep } from "../../components/ImportParts";
import { PageHeader } from "../../components/PageHeader";
import { type ImportQueued, type ImportView, type OutboxEntry } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { formatNumber, formatVnd } from "../../lib/format";
import { importReportRows, sendableImports } from "../../lib/orders";
import { sendErrorShown, shownErrorLine } from "../../lib/storedErrors";
import { useWorkspace } from "../../queries/accounts";
import { useImportPreview, useImportReport, useImportSend, useImportTemplate, useOrderTargets, useOutbox } from "../../queries/orders";

type RowErr = ImportView["preview"]["orders"][number]["errors"][number];

/** Bulk import: template, preview with row-level errors (nothing sent), send the valid orders, report. */
export function ImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ws = useWorkspace().data;
  const targets = useOrderTargets();
  const [accountId, setAccountId] = useState<string | null>(null);
  const [pickedWarehouse, setWarehouseId] = useState<string | null>(null);
  const [view, setView] = useState<ImportView | null>(null);
  const [queued, setQueued] = useState<ImportQueued[]>([]);
  const target = targets.data?.find((x) => x.accountId === accountId) ?? null;
  // the first warehouse by default, also when the warehouses arrive after the account was chosen
  const warehouseId = pickedWarehouse ?? target?.warehouses[0]?.id ?? null;
  const labelOf = (id: string) => {
    const a = ws?.accounts.find((x) => x.id === id);
    return a ? accountLabel(a, t) : id;
  };
  const describe = (e: RowErr) =>
    `${t("orders.import.row", { row: e.row })}${e.column ? ` – ${e.column}` : ""}: ${t(`validation.${e.code}`)}`;

  const template = useImportTemplate();
  const preview = useImportPreview();
  const pickFile = () =>
    preview.mutate(
      { accountId: accountId ?? "", warehouseId: warehouseId ?? "" },
      {
        onSuccess: (v) => {
          if (v) {
            setView(v);
            setQueued([]);
          }
        },
      },
    );
  const send = useImportSend();
  const sendValid = () => send.mutate(sendableImports(view), { onSuccess: setQueued });
  const outbox = useOutbox(queued.length > 0);
  const byId = new Map<number, OutboxEntry>((outbox.data?.entries ?? []).map((e) => [e.id, e]));
  const finished = queued.filter((q) => {
    const s = byId.get(q.id)?.state;
    return s === "created" || s === "failed" || s === "needsAttention";
  }).length;
  const report = useImportReport();
  const saveReport = () =>
    report.mutate(importReportRows(view, queued, byId, describe, (e) => shownErrorLine(sendErrorShown(e, t), t)), {
      onSuccess: (path) => {
        if (path) notifications.show({ color: "teal", message: t("orders.import.reportSaved", { path }) });
      },
    });

  const orders = view?.preview.orders ?? [];

  return (
    <Stack maw={1100}>
      <PageHeader title={t("orders.import.title")}>
        <Button variant="default" onClick={() => navigate("/orders?tab=sent")}>
          {t("orders.import.toOrders")}
        </Button>
      </PageHeader>
      <TemplateStep hint={t("orders.import.templateHint")} template={template} testIdPrefix="import" />
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t("orders.import.step2")}
        </Title>
        <Grid align="flex-end">
          <Grid.Col span={5}>
            <Select
              label={t("orders.form.account")}
              data={(targets.data ?? []).map((x) => ({ value: x.accountId, label: `${labelOf(x.accountId)} · ${t(`vendors.${x.vendor}`)}` }))}
              value={accountId}
              onChange={(v) => {
                setAccountId(v);
                setWarehouseId(null);
                setView(null);
              }}
              data-testid="import-account"
              comboboxProps={{ withinPortal: false }}
            />
          </Grid.Col>
          <Grid.Col span={4}>
            <Select
              label={t("orders.form.warehouse")}
              data={(target?.warehouses ?? []).map((w) => ({ value: w.id, label: w.name }))}
              value={warehouseId}
              onChange={setWarehouseId}
              disabled={!target}
              comboboxProps={{ withinPortal: false }}
            />
          </Grid.Col>
          <Grid.Col span={3}>
            <Button
              fullWidth
              leftSection={<IconFileImport size={16} />}
              disabled={!accountId || !warehouseId}
              loading={preview.isPending}
              onClick={pickFile}
              data-testid="import-pick"
            >
              {t("orders.import.pick")}
            </Button>
          </Grid.Col>
        </Grid>
        <ImportFileError error={preview.error} testId="import-file-error" />
      </Paper>
      {view && (
        <Paper withBorder p="md" data-testid="import-preview">
          <PreviewHead
            fileName={view.fileName}
            valid={{ count: view.preview.validCount, text: t("orders.import.validCount", { count: view.preview.validCount }) }}
            invalid={{ count: view.preview.invalidCount, text: t("orders.import.invalidCount", { count: view.preview.invalidCount }) }}
            sendLabel={t("orders.import.send", { count: view.preview.validCount })}
            disabled={view.preview.validCount === 0 || queued.length > 0}
            sending={send.isPending}
            onSend={sendValid}
            testIdPrefix="import"
          />
          <ImportProgress
            done={finished}
            total={queued.length}
            label={t("orders.import.progress", { done: formatNumber(finished), total: formatNumber(queued.length) })}
            onReport={saveReport}
            reporting={report.isPending}
            testIdPrefix="import"
          />
          <Table data-testid="import-orders">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("orders.import.key")}</Table.Th>
                <Table.Th>{t("orders.import.rows")}</Table.Th>
                <Table.Th>{t("orders.list.customer")}</Table.Th>
                <Table.Th>{t("orders.list.cod")}</Table.Th>
                <Table.Th>{t("orders.list.status")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {orders.map((o, i) => {
                const q = queued.find((x) => x.key === o.key && x.rows.join() === o.rows.join());
                const e = q ? byId.get(q.id) : undefined;
                return (
                  <Table.Tr key={`${o.key}-${i}`} data-testid="import-order" data-valid={o.errors.length === 0 && !!o.draft} data-rows={o.rows.join(",")}>
                    <Table.Td>{o.key || "—"}</Table.Td>
                    <Table.Td>{o.rows.join(", ")}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{o.draft?.customer.name ?? ""}</Text>
                      <Text size="xs" c="dimmed">
                        {o.draft?.customer.phone ?? ""}
                      </Text>
                    </Table.Td>
                    <Table.Td>{e ? formatVnd(e.cod) : ""}</Table.Td>
                    <Table.Td>
                      {o.errors.length > 0 ? (
                        <Stack gap={2}>
                          {o.errors.map((err, n) => (
                            <Text key={n} size="xs" c="red" data-testid="import-row-error" data-row={err.row} data-code={err.code}>
                              {describe(err)}
                            </Text>
                          ))}
                        </Stack>
                      ) : e ? (
                        <Badge variant="light" color={e.state === "created" ? "teal" : e.state === "failed" ? "red" : "blue"} data-testid="import-order-state" data-state={e.state}>
                          {t(`orders.outbox.states.${e.state}`)}
                          {e.vendorOrderId ? ` · ${e.vendorOrderId}` : ""}
                        </Badge>
                      ) : (
                        <Badge variant="light" color="teal">
                          {t("orders.import.ready")}
                        </Badge>
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
  );
}
