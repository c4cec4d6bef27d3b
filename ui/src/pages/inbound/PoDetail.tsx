import { Alert, Badge, Button, Drawer, Group, Loader, Modal, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFileTypePdf } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../components/ConfirmModal";
import { useAccountLabelOf } from "../../queries/accounts";
import type { InspectionRow, PoPackageDraft, PoRow } from "../../ipc";
import { formatNumber } from "../../lib/format";
import { formatDay, inspectionSummary, signed } from "../../lib/inbound";
import { useCancelPo, usePoBill, usePoDetail } from "../../queries/inbound";
import { PoStatus } from "./PoStatus";

/** One PO as the warehouse holds it: status, packages and lines, documents, the receiving result, bill, cancel. */
export function PoDetail({ row, poCode, warehouse, onClose }: { row: PoRow; poCode: string; warehouse: string; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = usePoDetail(row.accountId, poCode);
  const cancel = useCancelPo(row.accountId, poCode);
  const labelOf = useAccountLabelOf();
  const [confirming, setConfirming] = useState(false);
  const [billOpen, setBillOpen] = useState(false);
  const d = detail.data;
  const current = d?.row ?? row;

  const doCancel = () =>
    cancel.mutate(undefined, {
      onSuccess: () => {
        setConfirming(false);
        notifications.show({ color: "teal", message: t("inbound.detail.cancelled", { code: poCode }) });
      },
    });

  return (
    <Drawer
      opened
      onClose={onClose}
      // Escape closes the bill or the confirmation on top, not the detail under it
      closeOnEscape={!billOpen && !confirming}
      position="right"
      size="xl"
      title={t("inbound.detail.title", { code: poCode })}
      data-testid="po-detail"
    >
      <Stack>
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Text size="sm">
              {t("inbound.detail.reference")}:{" "}
              <Text span ff="monospace">
                {current.reference}
              </Text>
            </Text>
            <Text size="sm">
              {t("inbound.list.account")}: {labelOf(current.accountId)}
            </Text>
            <Text size="sm">
              {t("inbound.list.warehouse")}: {warehouse} ({current.warehouseCode})
            </Text>
            <Text size="sm">
              {t("inbound.list.eta")}: {formatDay(current.estimatedArrival)}
            </Text>
            {d && (
              <Text size="sm" data-testid="po-detail-co-inspection">
                {t("inbound.form.coInspection")}: {d.coInspection ? t("inbound.detail.yes") : t("inbound.detail.no")}
              </Text>
            )}
            {d?.note && (
              <Text size="sm" c="dimmed">
                {t("inbound.form.note")}: {d.note}
              </Text>
            )}
          </Stack>
          <PoStatus status={current.status} stage={current.stage} send={current.send} />
        </Group>

        <Group>
          <Button variant="default" leftSection={<IconFileTypePdf size={16} />} onClick={() => setBillOpen(true)} data-testid="po-bill">
            {t("inbound.detail.bill")}
          </Button>
          {d?.cancellable && (
            <Button color="red" variant="light" loading={cancel.isPending} onClick={() => setConfirming(true)} data-testid="po-cancel">
              {t("inbound.detail.cancel")}
            </Button>
          )}
        </Group>

        {detail.isPending && <Loader size="sm" />}
        {d?.offline && (
          <Alert color="yellow" data-testid="po-detail-offline">
            {t("inbound.detail.offline")}
          </Alert>
        )}

        {d?.inspection && <Inspection rows={d.inspection} />}

        {d && (
          <>
            <Title order={5}>{t("inbound.detail.packages", { packages: formatNumber(d.packages.length) })}</Title>
            {d.packages.map((p, i) => (
              <PackageView key={`${p.code}-${i}`} pkg={p} />
            ))}
            <Title order={5}>{t("inbound.form.documents")}</Title>
            {d.documents.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("inbound.detail.noDocuments")}
              </Text>
            ) : (
              <Stack gap={2} data-testid="po-detail-documents">
                {d.documents.map((doc) => (
                  <Text key={doc.url} size="sm">
                    {doc.name} · {t("inbound.form.printQuantity")}: {formatNumber(doc.printQuantity)}
                  </Text>
                ))}
              </Stack>
            )}
          </>
        )}
      </Stack>

      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t("inbound.detail.cancelTitle", { code: poCode })}
        body={t("inbound.detail.cancelBody")}
        confirmLabel={t("inbound.detail.cancel")}
        confirmTestId="po-cancel-confirm"
        dismissLabel={t("inbound.detail.keep")}
        loading={cancel.isPending}
        onConfirm={doCancel}
      />
      {billOpen && <BillModal accountId={row.accountId} poCode={poCode} onClose={() => setBillOpen(false)} />}
    </Drawer>
  );
}

function PackageView({ pkg }: { pkg: PoPackageDraft }) {
  const { t } = useTranslation();
  const dims = [pkg.length, pkg.width, pkg.height];
  return (
    <Paper withBorder p="sm" data-testid="po-detail-package">
      <Group gap="md" mb="xs">
        <Text fw={600} ff="monospace">
          {pkg.code}
        </Text>
        {pkg.weight !== null && (
          <Text size="sm" c="dimmed">
            {t("inbound.detail.weight", { weight: formatNumber(pkg.weight) })}
          </Text>
        )}
        {dims.some((x) => x !== null) && (
          <Text size="sm" c="dimmed">
            {t("inbound.detail.size", { size: dims.map((x) => (x === null ? "?" : formatNumber(x))).join(" × ") })}
          </Text>
        )}
        {pkg.note && (
          <Text size="sm" c="dimmed">
            {pkg.note}
          </Text>
        )}
      </Group>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("inbound.form.product")}</Table.Th>
            <Table.Th>OASIN</Table.Th>
            <Table.Th>{t("inbound.form.quantity")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pkg.items.map((l) => (
            <Table.Tr key={l.oasin}>
              <Table.Td>
                <Text size="sm">{l.name}</Text>
                <Text size="xs" c="dimmed">
                  {l.sku}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {l.oasin}
                </Text>
              </Table.Td>
              <Table.Td>{formatNumber(l.quantity)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** The receiving result: declared, received and put away per line; each line received ≠ declared stands out. */
function Inspection({ rows }: { rows: InspectionRow[] }) {
  const { t } = useTranslation();
  const s = inspectionSummary(rows);
  return (
    <Stack gap="xs">
      <Title order={5}>{t("inbound.inspection.title")}</Title>
      {s.differing > 0 ? (
        <Alert color="orange" data-testid="po-inspection-total" data-lines={s.differing} data-net={s.net}>
          {t("inbound.inspection.differences", { lines: formatNumber(s.differing), net: signed(s.net), absolute: formatNumber(s.absolute) })}
        </Alert>
      ) : (
        <Alert color="teal" data-testid="po-inspection-total" data-lines={0} data-net={0}>
          {t("inbound.inspection.noDifference")}
        </Alert>
      )}
      <Table data-testid="po-inspection">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("inbound.inspection.package")}</Table.Th>
            <Table.Th>{t("inbound.inspection.product")}</Table.Th>
            <Table.Th>{t("inbound.inspection.declared")}</Table.Th>
            <Table.Th>{t("inbound.inspection.received")}</Table.Th>
            <Table.Th>{t("inbound.inspection.putaway")}</Table.Th>
            <Table.Th>{t("inbound.inspection.diff")}</Table.Th>
            <Table.Th>{t("inbound.inspection.stockLevel")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {s.lines.map((l, i) => (
            <Table.Tr
              key={`${l.packageCode}-${l.oasin}-${i}`}
              data-testid={l.diff !== 0 ? "po-inspection-diff" : "po-inspection-row"}
              data-diff={l.diff}
              bg={l.diff !== 0 ? "var(--mantine-color-red-light)" : undefined}
            >
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {l.packageCode}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{l.sku}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {l.oasin}
                </Text>
              </Table.Td>
              <Table.Td>{formatNumber(l.declared)}</Table.Td>
              <Table.Td fw={l.diff !== 0 ? 700 : undefined}>{formatNumber(l.received)}</Table.Td>
              <Table.Td>{formatNumber(l.putaway)}</Table.Td>
              <Table.Td>
                {l.diff !== 0 ? (
                  <Badge color="red" variant="light">
                    {signed(l.diff)}
                  </Badge>
                ) : (
                  <Text size="sm" c="dimmed">
                    0
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs">{l.stockLevel ?? ""}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={2}>{t("inbound.inspection.total")}</Table.Th>
            <Table.Th>{formatNumber(s.declared)}</Table.Th>
            <Table.Th>{formatNumber(s.received)}</Table.Th>
            <Table.Th>{formatNumber(s.putaway)}</Table.Th>
            <Table.Th>{signed(s.net)}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Stack>
  );
}

/** The PO bill (a PDF at the vendor) shown in the app; the PDF viewer's own buttons save or print it. */
function BillModal({ accountId, poCode, onClose }: { accountId: string; poCode: string; onClose: () => void }) {
  const { t } = useTranslation();
  const bill = usePoBill(accountId, poCode, true);
  return (
    <Modal opened onClose={onClose} size="90%" title={t("inbound.bill.title", { code: poCode })} data-testid="po-bill-modal">
      <Stack>
        {bill.isPending && <Loader size="sm" />}
        {bill.data && (
          <>
            <Text size="xs" c="dimmed">
              {t("inbound.bill.hint")}
            </Text>
            <iframe
              src={bill.data}
              title={t("inbound.bill.title", { code: poCode })}
              data-testid="po-bill-frame"
              style={{ width: "100%", height: "75vh", border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }}
            />
          </>
        )}
      </Stack>
    </Modal>
  );
}
