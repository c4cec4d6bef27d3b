import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { AccountView, PushAuto, PushRunStatus } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { formatNumber } from "../../lib/format";
import { tripText } from "../../lib/push";
import { usePushAuto, usePushProgress } from "../../queries/push";

type Props = { accounts: AccountView[]; onPreview: (accountId: string) => void };

/** What the automatic push mode did after the last sync, per account: a run in progress or finished, a
 * run held by the circuit breaker (preview it), or standing down for another desktop's push. Accounts
 * with nothing to push show nothing. */
export function PushAutoNotices({ accounts, onPreview }: Props) {
  const { t } = useTranslation();
  const autos = usePushAuto().data ?? [];
  const progress = usePushProgress();
  const shown = autos.filter((a) => a.outcome.kind !== "nothingToDo");
  if (shown.length === 0) return null;
  const label = (id: string) => {
    const a = accounts.find((x) => x.id === id);
    return a ? accountLabel(a, t) : id;
  };
  const when = (a: PushAuto) => new Date(a.at).toLocaleString("vi-VN");

  return (
    <Stack gap="xs" mb="md">
      {shown.map((a) => {
        const common = {
          "data-testid": "push-auto",
          "data-account": a.accountId,
          "data-kind": a.outcome.kind,
          "data-at": a.at,
        };
        const o = a.outcome;
        switch (o.kind) {
          case "started": {
            const live = progress[o.run];
            const state: PushRunStatus = live?.finished ? live.status : "running";
            return (
              <Alert key={a.accountId} color={state === "done" ? "teal" : "blue"} {...common} data-state={state} data-run={o.run}>
                <Text size="sm">
                  {t("push.auto.started", { account: label(a.accountId), run: o.run, when: when(a) })}{" "}
                  {live?.finished
                    ? t("push.auto.result", {
                        status: t(`push.status.${live.status}`),
                        done: formatNumber(live.counts.done),
                        failed: formatNumber(live.counts.failed + live.counts.needsAttention),
                      })
                    : t("push.status.running")}
                </Text>
              </Alert>
            );
          }
          case "held":
            return (
              <Alert key={a.accountId} color="orange" title={t("push.auto.heldTitle", { account: label(a.accountId) })} {...common}>
                <Group justify="space-between" wrap="nowrap" align="flex-end">
                  <Text size="sm">{tripText(o.trip, t)}</Text>
                  <Button size="xs" variant="light" onClick={() => onPreview(a.accountId)} data-testid="push-auto-preview">
                    {t("push.auto.preview")}
                  </Button>
                </Group>
              </Alert>
            );
          case "stoodDown":
            return (
              <Alert key={a.accountId} color="yellow" title={t("push.auto.stoodDownTitle", { account: label(a.accountId) })} {...common}>
                <Text size="sm">
                  {t("push.auto.stoodDown", {
                    installation: o.other.installation,
                    when: o.other.at ? new Date(o.other.at).toLocaleString("vi-VN") : "—",
                  })}
                </Text>
              </Alert>
            );
          default:
            return null;
        }
      })}
    </Stack>
  );
}
