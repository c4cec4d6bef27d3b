import { Badge, Button, Checkbox, Group, Modal, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFileImport } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ImportFileError, ImportProgress, PreviewHead, TemplateStep } from "../../components/ImportParts";
import { errorText } from "../../components/errors";
import type { ProductImportQueued, ProductImportView, ProductRow, ProductTarget } from "../../ipc";
import { formatNumber, formatVnd } from "../../lib/format";
import { chosenAccounts, emptyForm, fieldsOf } from "../../lib/productForm";
import { productImportReportRows, productState, progress, rowsByKey, sendableProducts, type ProductImportRowError, type ProductImportState } from "../../lib/productImport";
import { useAccountLabelOf } from "../../queries/accounts";
import { useProductAccounts, useProductImportPreview, useProductImportReport, useProductImportSend, useProductImportTemplate, useProductList } from "../../queries/productCreate";

const STATE_COLOR: Record<ProductImportState, string> = {
  error: "red",
  ready: "teal",
  refused: "red",
  sending: "blue",
  created: "teal",
  partial: "orange",
};

/** The message of a row error: the import's own codes, else the product form's, else the shared ones. */
function useDescribe() {
  const { t, i18n } = useTranslation();
  const message = (code: string) => {
    if (i18n.exists(`productForm.import.codes.${code}`)) return t(`productForm.import.codes.${code}`);
    if (i18n.exists(`productForm.validation.${code}`)) return t(`productForm.validation.${code}`);
    if (i18n.exists(`inbound.import.codes.${code}`)) return t(`inbound.import.codes.${code}`);
    return t("productForm.invalidField", { code });
  };
  const describe = (e: ProductImportRowError) =>
    `${t("orders.import.row", { row: e.row })}${e.column ? ` – ${e.column}` : ""}: ${message(e.code)}${e.value ? ` (${e.value})` : ""}`;
  const describeSend = (q: ProductImportQueued, row: ProductRow | undefined) => {
    if (q.error) {
      const fields = q.error.details?.fields ?? {};
      const codes = Object.values(fields).flat();
      return codes.length > 0 ? codes.map(message).join(" ") : errorText(q.error);
    }
    const refused = row?.targets.filter((x) => x.error && (x.state === "failed" || x.state === "needsAttention")) ?? [];
    return refused.length > 0 ? refused.map((x) => `${t(`vendors.${x.vendor}`)}: ${x.error ? errorText(x.error) : ""}`).join("; ") : null;
  };
  return { describe, describeSend };
}

/**
 * "Tạo từ Excel" on the Products page: the template (one row per variant), the accounts to create the products
 * at (every account that can, Onflow mapped to all its warehouses), the file checked in Rust with each row's
 * errors (nothing stored), the valid products stored and sent (each vendor record once) with progress, and the
 * report. Each product's per-account result is then in the list of products created from ShopDesk.
 */
export function ProductImport({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { describe, describeSend } = useDescribe();
  const accounts = useProductAccounts();
  const labelOf = useAccountLabelOf();
  const offered = accounts.data ?? [];
  const [excluded, setExcluded] = useState<string[]>([]);
  const [view, setView] = useState<ProductImportView | null>(null);
  const [queued, setQueued] = useState<ProductImportQueued[]>([]);
  const form = { ...emptyForm(), excluded };
  const targets: ProductTarget[] = chosenAccounts(form, offered).map((a) => ({ accountId: a.accountId, fields: fieldsOf(form, a) }));

  const template = useProductImportTemplate();
  const preview = useProductImportPreview();
  const pickFile = () =>
    preview.mutate(targets, {
      onSuccess: (v) => {
        if (v) {
          setView(v);
          setQueued([]);
        }
      },
    });
  const send = useProductImportSend();
  const sendValid = () => send.mutate(sendableProducts(view), { onSuccess: setQueued });
  const list = useProductList();
  const byKey = rowsByKey(queued, list.data);
  const { done, total } = progress(queued, byKey);
  const report = useProductImportReport();
  const saveReport = () =>
    report.mutate(productImportReportRows(view, queued, byKey, describe, describeSend), {
      onSuccess: (path) => {
        if (path) notifications.show({ color: "teal", message: t("orders.import.reportSaved", { path }) });
      },
    });
  const products = view?.preview.products ?? [];
  const toggle = (id: string) => {
    setExcluded(excluded.includes(id) ? excluded.filter((x) => x !== id) : [...excluded, id]);
    setView(null);
    setQueued([]);
  };

  return (
    <Modal opened onClose={onClose} fullScreen title={t("productForm.import.title")} data-testid="product-import">
      <Stack maw={1200} mx="auto">
        <TemplateStep hint={t("productForm.import.templateHint")} template={template} testIdPrefix="product-import" />
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t("productForm.import.step2")}
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            {t("productForm.import.accountsHint")}
          </Text>
          <Group mb="sm">
            {offered.map((a) => (
              <Checkbox
                key={a.accountId}
                label={`${t(`vendors.${a.vendor}`)} · ${labelOf(a.accountId)}`}
                checked={!excluded.includes(a.accountId)}
                onChange={() => toggle(a.accountId)}
                disabled={send.isPending || queued.length > 0}
                data-testid="product-import-account"
                data-vendor={a.vendor}
              />
            ))}
          </Group>
          <Button
            leftSection={<IconFileImport size={16} />}
            disabled={targets.length === 0 || send.isPending}
            loading={preview.isPending}
            onClick={pickFile}
            data-testid="product-import-pick"
          >
            {t("orders.import.pick")}
          </Button>
          <ImportFileError error={preview.error} testId="product-import-file-error" />
        </Paper>
        {view && (
          <Paper withBorder p="md" data-testid="product-import-preview">
            <PreviewHead
              fileName={view.fileName}
              valid={{ count: view.preview.validCount, text: t("productForm.import.validCount", { count: view.preview.validCount }) }}
              invalid={{ count: view.preview.invalidCount, text: t("productForm.import.invalidCount", { count: view.preview.invalidCount }) }}
              sendLabel={t("productForm.import.send", { count: view.preview.validCount })}
              disabled={view.preview.validCount === 0 || queued.length > 0}
              sending={send.isPending}
              onSend={sendValid}
              testIdPrefix="product-import"
            />
            <ImportProgress
              done={done}
              total={total}
              label={t("productForm.import.progress", { done: formatNumber(done), total: formatNumber(total) })}
              onReport={saveReport}
              reporting={report.isPending}
              testIdPrefix="product-import"
            />
            <Table striped data-testid="product-import-products">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("productForm.sku")}</Table.Th>
                  <Table.Th>{t("productForm.name")}</Table.Th>
                  <Table.Th>{t("productForm.import.variants")}</Table.Th>
                  <Table.Th>{t("orders.import.rows")}</Table.Th>
                  <Table.Th>{t("productForm.import.state")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {products.map((p, i) => {
                  const state = productState(p, queued, byKey);
                  const q = queued.find((x) => x.key === p.sku);
                  const why = q && (state === "refused" || state === "partial") ? describeSend(q, byKey.get(p.sku)) : null;
                  return (
                    <Table.Tr key={`${p.sku}-${i}`} data-testid="product-import-product" data-sku={p.sku} data-state={state}>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {p.sku || "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{p.name || "—"}</Text>
                        {p.draft && (
                          <Text size="xs" c="dimmed">
                            {formatVnd(p.draft.price)} · {formatNumber(p.draft.weightGrams)} g
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatNumber(p.variants)}</Table.Td>
                      <Table.Td>{p.rows.join(", ")}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATE_COLOR[state]} data-testid="product-import-state" data-state={state}>
                          {t(`productForm.import.states.${state}`)}
                        </Badge>
                        {p.errors.length > 0 && (
                          <Stack gap={2} mt={4}>
                            {p.errors.map((e, n) => (
                              <Text key={n} size="xs" c="red" data-testid="product-import-row-error" data-row={e.row} data-code={e.code}>
                                {describe(e)}
                              </Text>
                            ))}
                          </Stack>
                        )}
                        {why && (
                          <Text size="xs" c="red" data-testid="product-import-send-error">
                            {why}
                          </Text>
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
