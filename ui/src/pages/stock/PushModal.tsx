import { Alert, Badge, Button, Checkbox, Group, Modal, Progress, ScrollArea, Select, Stack, Table, Text } from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AccountView, PlanRow, PushRunStatus } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { formatNumber } from "../../lib/format";
import { explainSteps, skipText, tripText } from "../../lib/push";
import { PushRules } from "./PushRules";
import { PushMapping } from "./PushMapping";
import { FormError } from "../../components/FormError";
import { usePushApply, usePushCancel, usePushHistory, usePushPreview, usePushProgress, usePushRun, usePushUndo } from "../../queries/push";

type Props = {
  opened: boolean;
  onClose: () => void;
  accounts: AccountView[];
  /** The account to preview when the modal opens (e.g. from an automatic push that waits). */
  initialAccount?: string | null;
};

/** Preview → confirm → apply with progress → per-row results → undo, for one POS account at a time. */
export function PushModal({ opened, onClose, accounts, initialAccount = null }: Props) {
  const { t } = useTranslation();
  const pos = useMemo(() => accounts.filter((a) => a.vendor === "pancake" || a.vendor === "nhanh"), [accounts]);
  const [accountId, setAccountId] = useState<string | null>(null);
  const [run, setRun] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<"apply" | "undo" | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [showRules, setShowRules] = useState(false);
  const [showMapping, setShowMapping] = useState(false);
  useEffect(() => {
    if (opened && initialAccount !== null) setAccountId(initialAccount);
  }, [opened, initialAccount]);

  const preview = usePushPreview(opened && run === null ? accountId : null);
  const history = usePushHistory(opened ? accountId : null);
  const detail = usePushRun(run);
  const progress = usePushProgress();
  const apply = usePushApply();
  const undo = usePushUndo();
  const cancel = usePushCancel();

  const changes = useMemo(() => (preview.data?.plan.rows ?? []).filter((r) => r.target !== null), [preview.data]);
  const skipped = useMemo(() => (preview.data?.plan.rows ?? []).filter((r) => r.skip !== null), [preview.data]);
  // every change is selected when a preview arrives
  useEffect(() => setSelected(new Set(changes.map((r) => r.idx))), [changes]);

  const live = run !== null ? progress[run] : undefined;
  const status: PushRunStatus | undefined = live?.finished ? live.status : live ? "running" : detail.data?.summary.status;
  const summary = detail.data?.summary;

  const reset = () => {
    setRun(null);
    setConfirm(null);
  };
  const close = () => {
    reset();
    // the forms open again closed (their own "saved" callback is lost when the modal unmounts them)
    setShowRules(false);
    setShowMapping(false);
    onClose();
  };
  const doApply = () => {
    const shown = preview.data;
    if (!shown) return;
    apply.mutate({ preview: shown.previewId, selected: [...selected] }, { onSuccess: (id) => setRun(id) });
    setConfirm(null);
  };
  const doUndo = () => {
    if (run === null) return;
    undo.mutate(run, { onSuccess: (id) => setRun(id) });
    setConfirm(null);
  };
  const toggle = (r: PlanRow) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(r.idx)) next.delete(r.idx);
      else next.add(r.idx);
      return next;
    });

  return (
    <Modal opened={opened} onClose={close} title={t("push.title")} size="xl" data-testid="push-modal">
      <Stack gap="sm">
        <Select
          label={t("push.account")}
          placeholder={t("push.accountPlaceholder")}
          data={pos.map((a) => ({ value: a.id, label: accountLabel(a, t) }))}
          value={accountId}
          onChange={(v) => {
            setAccountId(v);
            reset();
          }}
          disabled={status === "running"}
          allowDeselect={false}
          data-testid="push-account"
        />
        {pos.length === 0 && <Text c="dimmed">{t("push.noPos")}</Text>}
        {apply.error && <FormError error={apply.error} />}
        {undo.error && <FormError error={undo.error} />}

        {run === null && accountId && (
          <>
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="subtle" onClick={() => setShowMapping((v) => !v)} data-testid="push-mapping-open">
                {showMapping ? t("push.mapping.close") : t("push.mapping.open")}
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setShowRules((v) => !v)} data-testid="push-rules-open">
                {showRules ? t("push.rules.close") : t("push.rules.open")}
              </Button>
            </Group>
            {showMapping && <PushMapping accountId={accountId} onSaved={() => setShowMapping(false)} />}
            {showRules && <PushRules accountId={accountId} onSaved={() => setShowRules(false)} />}
            {preview.error && <FormError error={preview.error} />}
            {preview.data && (
              <>
                <Text size="sm" data-testid="push-summary">
                  {t("push.summary", {
                    changes: formatNumber(changes.length),
                    inSync: formatNumber(preview.data.plan.inSync),
                    skipped: formatNumber(skipped.length),
                  })}
                </Text>
                <Text size="xs" c="dimmed">
                  {preview.data.physicalAsOf
                    ? t("push.asOf", { when: new Date(preview.data.physicalAsOf).toLocaleString("vi-VN") })
                    : t("push.neverSynced")}
                </Text>
                {preview.data.unmappedWarehouses.length > 0 && (
                  <Alert color="yellow" data-testid="push-unmapped">
                    {t("push.unmapped", { names: preview.data.unmappedWarehouses.join(", ") })}
                  </Alert>
                )}
                {preview.data.trip && (
                  <Alert color="orange" data-testid="push-trip">
                    {tripText(preview.data.trip, t)}
                  </Alert>
                )}
                {changes.length === 0 ? (
                  <Text data-testid="push-nothing">{t("push.nothing")}</Text>
                ) : (
                  <ScrollArea h={360}>
                    <Table striped stickyHeader>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th w={36}>
                            <Checkbox
                              aria-label={t("push.selectAll")}
                              checked={selected.size === changes.length}
                              indeterminate={selected.size > 0 && selected.size < changes.length}
                              onChange={() =>
                                setSelected(selected.size === changes.length ? new Set() : new Set(changes.map((r) => r.idx)))
                              }
                            />
                          </Table.Th>
                          <Table.Th>{t("push.product")}</Table.Th>
                          <Table.Th ta="right">{t("push.current")}</Table.Th>
                          <Table.Th ta="right">{t("push.target")}</Table.Th>
                          <Table.Th>{t("push.why")}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {changes.map((r) => (
                          <Table.Tr key={r.idx} data-testid="push-row" data-sku={r.sku ?? ""}>
                            <Table.Td>
                              <Checkbox
                                checked={selected.has(r.idx)}
                                onChange={() => toggle(r)}
                                aria-label={r.sku ?? r.name}
                                data-testid="push-row-check"
                              />
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm">{r.name}</Text>
                              <Text size="xs" c="dimmed">
                                {r.sku ?? "—"}
                              </Text>
                            </Table.Td>
                            <Table.Td ta="right">{r.current === null ? "—" : formatNumber(r.current)}</Table.Td>
                            <Table.Td ta="right">
                              <Text span fw={600}>
                                {formatNumber(r.target ?? 0)}
                              </Text>{" "}
                              {r.delta !== null && (
                                <Text span size="xs" c={r.delta > 0 ? "teal" : "red"}>
                                  ({r.delta > 0 ? "+" : ""}
                                  {formatNumber(r.delta)})
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td>
                              <Text size="xs" data-testid="push-why">
                                {explainSteps(r.steps, t)}
                              </Text>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </ScrollArea>
                )}
                {skipped.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {t("push.skippedList", {
                      list: skipped
                        .slice(0, 5)
                        .map((r) => `${r.sku ?? r.name}: ${r.skip ? skipText(r.skip, t) : ""}`)
                        .join("; "),
                    })}
                  </Text>
                )}
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => void preview.refetch()} loading={preview.isFetching}>
                    {t("push.refresh")}
                  </Button>
                  <Button
                    disabled={selected.size === 0}
                    loading={apply.isPending}
                    onClick={() => setConfirm("apply")}
                    data-testid="push-apply"
                  >
                    {t("push.apply", { count: selected.size })}
                  </Button>
                </Group>
              </>
            )}
          </>
        )}

        {run !== null && (
          <Stack gap="xs" data-testid="push-run" data-state={status ?? "running"} data-run={run}>
            <Group justify="space-between">
              <Text fw={600}>{summary?.kind === "undo" ? t("push.undoRun", { run }) : t("push.run", { run })}</Text>
              <Badge color={status === "done" ? "teal" : status === "running" ? "blue" : "orange"}>
                {t(`push.status.${status ?? "running"}`)}
              </Badge>
            </Group>
            {live && !live.finished && (
              <Progress value={live.rowsTotal > 0 ? (100 * live.rowsSettled) / live.rowsTotal : 5} animated />
            )}
            {(live?.finished || (summary && summary.status !== "running")) && (
              <Text size="sm" data-testid="push-result">
                {t("push.result", {
                  done: formatNumber((live?.counts ?? summary?.counts)?.done ?? 0),
                  already: formatNumber((live?.counts ?? summary?.counts)?.already ?? 0),
                  failed: formatNumber(
                    ((live?.counts ?? summary?.counts)?.failed ?? 0) + ((live?.counts ?? summary?.counts)?.needsAttention ?? 0),
                  ),
                })}
              </Text>
            )}
            {detail.data && (
              <ScrollArea h={240}>
                <Table>
                  <Table.Tbody>
                    {detail.data.rows
                      .filter((r) => r.selected)
                      .map((r) => (
                        <Table.Tr key={r.idx} data-testid="push-run-row" data-state={r.state}>
                          <Table.Td>{r.sku ?? r.name}</Table.Td>
                          <Table.Td ta="right">
                            {r.vendorBefore ?? r.plannedBefore ?? "—"} → {r.vendorAfter ?? r.target ?? "—"}
                          </Table.Td>
                          <Table.Td>
                            {t(`push.rowState.${r.state}`)}
                            {r.errorCode ? ` — ${t(`push.code.${r.errorCode}`, { defaultValue: r.errorCode })}` : ""}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            )}
            <Group justify="flex-end">
              {status === "running" && (
                <Button variant="default" onClick={() => cancel.mutate(run)} data-testid="push-cancel">
                  {t("push.cancel")}
                </Button>
              )}
              {status !== "running" && summary?.kind === "push" && (summary.counts.done ?? 0) > 0 && (
                <Button color="orange" variant="light" onClick={() => setConfirm("undo")} loading={undo.isPending} data-testid="push-undo">
                  {t("push.undo")}
                </Button>
              )}
              {status !== "running" && (
                <Button variant="default" onClick={reset} data-testid="push-again">
                  {t("push.again")}
                </Button>
              )}
            </Group>
          </Stack>
        )}

        {accountId && (history.data?.length ?? 0) > 0 && run === null && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t("push.history")}
            </Text>
            {history.data?.slice(0, 5).map((h) => (
              <Group key={h.id} justify="space-between" data-testid="push-history-row" data-automatic={h.automatic}>
                <Text size="xs">
                  {new Date(h.createdAt).toLocaleString("vi-VN")} ·{" "}
                  {h.kind === "undo" ? t("push.kindUndo") : h.automatic ? t("push.kindAuto") : t("push.kindPush")} ·{" "}
                  {t(`push.status.${h.status}`)} · {t("push.doneCount", { count: h.counts.done })}
                </Text>
                <Button size="compact-xs" variant="subtle" onClick={() => setRun(h.id)}>
                  {t("push.open")}
                </Button>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>

      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm === "undo" ? t("push.confirmUndoTitle") : t("push.confirmTitle")}
        data-testid="push-confirm-modal"
      >
        <Text size="sm" mb="md">
          {confirm === "undo"
            ? t("push.confirmUndoBody")
            : t("push.confirmBody", {
                count: selected.size,
                account: pos.find((a) => a.id === accountId)?.label ?? "",
              })}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirm(null)}>
            {t("push.back")}
          </Button>
          <Button color={confirm === "undo" ? "orange" : undefined} onClick={confirm === "undo" ? doUndo : doApply} data-testid="push-confirm">
            {confirm === "undo" ? t("push.undo") : t("push.confirm")}
          </Button>
        </Group>
      </Modal>
    </Modal>
  );
}
