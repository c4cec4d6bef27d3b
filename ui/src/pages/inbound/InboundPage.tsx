import { Alert, Button, Group, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFileSpreadsheet, IconPackageImport, IconPlus, IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { ConfirmModal } from "../../components/ConfirmModal";
import { EmptyState } from "../../components/EmptyState";
import { errorText } from "../../components/errors";
import { PageHeader } from "../../components/PageHeader";
import { StoredError } from "../../components/StoredError";
import { toAppError, type InboundTarget, type PoRow } from "../../ipc";
import { formatDateTime, formatNumber } from "../../lib/format";
import {
  filterRows,
  formatDay,
  groupCounts,
  knownLineError,
  sendAction,
  sortedLineErrors,
  STAGES,
  type ListGroup,
} from "../../lib/inbound";
import { useAccountLabelOf } from "../../queries/accounts";
import { useDiscardPo, useInboundTargets, usePoList, usePoSync, useRetryPo } from "../../queries/inbound";
import { useReadOnOpen } from "../../queries/readOnOpen";
import { PoDetail } from "./PoDetail";
import { PoForm } from "./PoForm";
import { PoImport } from "./PoImport";
import { PoStatus, SEND_COLOR, STAGE_COLOR } from "./PoStatus";

const GROUPS: readonly ListGroup[] = ["unsent", ...STAGES];

/** The group a link names (`all` for anything else). */
function linkedGroup(v: string | null): ListGroup | "all" {
  return GROUPS.find((g) => g === v) ?? "all";
}

/** The warehouse's name for a code of an account (the code itself when the account does not list it). */
export function warehouseName(targets: readonly InboundTarget[] | undefined, accountId: string, code: string): string {
  const w = targets?.find((x) => x.accountId === accountId)?.warehouses.find((x) => x.id === code);
  return w ? w.name : code;
}

/**
 * Goods in: every PO of the workspace (those ShopDesk is sending and those read from Onflow), the PO form,
 * and each PO's detail. The list comes from the local cache, so it shows even when the vendor is out of reach.
 */
export function InboundPage() {
  const { t } = useTranslation();
  const targets = useInboundTargets();
  const list = usePoList();
  const sync = usePoSync();
  const retry = useRetryPo();
  const discard = useDiscardPo();
  const labelOf = useAccountLabelOf();
  // `?group=transit` (the home page's figures) opens the list on one group
  const [params] = useSearchParams();
  const [group, setGroup] = useState<ListGroup | "all">(() => linkedGroup(params.get("group")));
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [open, setOpen] = useState<PoRow | null>(null);
  const [discarding, setDiscarding] = useState<PoRow | null>(null);

  // read the warehouse's POs when the page opens (at most once a minute; the read button reads at once)
  useReadOnOpen("inbound", sync.mutate);

  const rows = list.data ?? [];
  const counts = groupCounts(rows);
  const shown = filterRows(rows, group);
  const noTargets = targets.isSuccess && targets.data.length === 0;

  const doDiscard = () => {
    if (!discarding) return;
    discard.mutate(discarding.reference, {
      onSuccess: () => {
        notifications.show({ color: "teal", message: t("inbound.list.discarded", { ref: discarding.reference }) });
        setDiscarding(null);
      },
    });
  };

  return (
    <Stack>
      <PageHeader title={t("inbound.title")}>
        <Group>
          <Button variant="default" leftSection={<IconRefresh size={16} />} loading={sync.isPending} onClick={() => sync.mutate()} data-testid="po-sync">
            {t("inbound.list.sync")}
          </Button>
          <Button
            variant="light"
            leftSection={<IconFileSpreadsheet size={16} />}
            onClick={() => setImporting(true)}
            disabled={noTargets}
            data-testid="po-import-open"
          >
            {t("inbound.import.open")}
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} disabled={noTargets} data-testid="po-new">
            {t("inbound.list.new")}
          </Button>
        </Group>
      </PageHeader>

      {sync.error && (
        <Alert color="orange" data-testid="po-sync-error" data-code={toAppError(sync.error).code}>
          <Text size="sm">{t("inbound.list.syncFailed")}</Text>
          <Text size="xs" c="dimmed">
            {errorText(toAppError(sync.error))}
          </Text>
        </Alert>
      )}

      {!list.isPending && rows.length === 0 ? (
        <EmptyState
          icon={<IconPackageImport size={34} stroke={1.5} />}
          title={t("inbound.list.emptyTitle")}
          body={t(noTargets ? "inbound.list.noAccountBody" : "inbound.list.emptyBody")}
        />
      ) : (
        <>
          <Group gap={6} data-testid="po-stage-filter">
            <Button size="compact-sm" variant={group === "all" ? "filled" : "light"} onClick={() => setGroup("all")} data-testid="po-filter-all">
              {t("inbound.list.all")} ({formatNumber(rows.length)})
            </Button>
            {GROUPS.filter((g) => counts[g] > 0 || g === group).map((g) => (
              <Button
                key={g}
                size="compact-sm"
                variant={group === g ? "filled" : "light"}
                color={g === "unsent" ? SEND_COLOR.sending : STAGE_COLOR[g]}
                onClick={() => setGroup(g)}
                data-testid={`po-filter-${g}`}
              >
                {t(`inbound.group.${g}`)} ({formatNumber(counts[g])})
              </Button>
            ))}
          </Group>
          <Table striped highlightOnHover data-testid="po-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("inbound.list.reference")}</Table.Th>
                <Table.Th>{t("inbound.list.account")}</Table.Th>
                <Table.Th>{t("inbound.list.warehouse")}</Table.Th>
                <Table.Th>{t("inbound.list.status")}</Table.Th>
                <Table.Th>{t("inbound.list.contents")}</Table.Th>
                <Table.Th>{t("inbound.list.created")}</Table.Th>
                <Table.Th>{t("inbound.list.eta")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => {
                const action = sendAction(r.send);
                const error = r.error;
                return (
                  <Table.Tr
                    key={r.key}
                    onClick={() => r.poCode && setOpen(r)}
                    style={{ cursor: r.poCode ? "pointer" : undefined }}
                    data-testid="po-row"
                    data-reference={r.reference}
                    data-po-code={r.poCode ?? ""}
                    data-status={r.status ?? ""}
                    data-stage={r.stage}
                    data-send={r.send ?? ""}
                  >
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {r.poCode ?? "—"}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {r.reference}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{labelOf(r.accountId)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{warehouseName(targets.data, r.accountId, r.warehouseCode)}</Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {r.warehouseCode}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <PoStatus status={r.status} stage={r.stage} send={r.send} />
                      {r.send && error && (
                        <StoredError
                          error={{ code: error.code, text: errorText(error), detail: error.message || null }}
                          testId="po-error"
                          maw={320}
                        />
                      )}
                      {r.lineErrors.length > 0 && (
                        <Stack gap={0} mt={4} data-testid="po-line-errors">
                          {sortedLineErrors(r.lineErrors).map((e) => {
                            const known = knownLineError(e.code);
                            return (
                              <Text key={`${e.package}-${e.line}-${e.code}`} size="xs" c="red" data-testid="po-line-error" data-code={e.code}>
                                {t("inbound.list.lineError", {
                                  package: e.package + 1,
                                  line: e.line + 1,
                                  reason: known ? t(`inbound.lineErrors.${known}`) : e.code,
                                })}
                              </Text>
                            );
                          })}
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t("inbound.list.packagesCount", { packages: formatNumber(r.packages) })}</Text>
                      <Text size="xs" c="dimmed">
                        {t("inbound.list.unitsCount", { units: formatNumber(r.units) })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{r.createdAt ? formatDateTime(r.createdAt) : "—"}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDay(r.estimatedArrival)}</Text>
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      {action === "retry" && (
                        <Button
                          size="xs"
                          variant="light"
                          loading={retry.isPending && retry.variables === r.reference}
                          onClick={() => retry.mutate(r.reference)}
                          data-testid="po-retry"
                        >
                          {t("inbound.list.retry")}
                        </Button>
                      )}
                      {action === "discard" && (
                        <Button size="xs" variant="light" color="red" onClick={() => setDiscarding(r)} data-testid="po-discard">
                          {t("inbound.list.discard")}
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

      {creating && <PoForm onClose={() => setCreating(false)} />}
      {importing && <PoImport onClose={() => setImporting(false)} />}
      {open?.poCode && (
        <PoDetail
          row={open}
          poCode={open.poCode}
          warehouse={warehouseName(targets.data, open.accountId, open.warehouseCode)}
          onClose={() => setOpen(null)}
        />
      )}
      <ConfirmModal
        opened={!!discarding}
        onClose={() => setDiscarding(null)}
        title={t("inbound.list.discardTitle", { ref: discarding?.reference ?? "" })}
        body={t("inbound.list.discardBody")}
        confirmLabel={t("inbound.list.discard")}
        confirmTestId="po-discard-confirm"
        dismissLabel={t("inbound.list.keep")}
        loading={discard.isPending}
        onConfirm={doDiscard}
      />
    </Stack>
  );
}
