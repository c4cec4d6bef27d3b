import { Badge, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PoSend, PoStage } from "../../ipc";
import { documentedStatus } from "../../lib/inbound";

export const STAGE_COLOR: Record<PoStage, string> = {
  transit: "blue",
  receiving: "violet",
  completed: "teal",
  cancelled: "gray",
  other: "gray",
};

export const SEND_COLOR: Record<PoSend, string> = {
  queued: "gray",
  sending: "blue",
  unknown: "yellow",
  failed: "red",
  needsAttention: "orange",
  sent: "teal",
};

/**
 * Where a PO is: the warehouse's own status text (always the vendor's label, coloured by its stage, with
 * our explanation beside the documented ones), or ShopDesk's sending state while the warehouse has not got it.
 */
export function PoStatus({ status, stage, send }: { status: string | null; stage: PoStage; send: PoSend | null }) {
  const { t } = useTranslation();
  const documented = documentedStatus(status);
  return (
    <Stack gap={2} align="flex-start">
      <Group gap={4}>
        {status && (
          <Badge color={STAGE_COLOR[stage]} variant="light" data-testid="po-status" data-stage={stage} title={t(`inbound.stage.${stage}`)}>
            {status}
          </Badge>
        )}
        {!status && !send && (
          <Badge color={STAGE_COLOR[stage]} variant="light" data-testid="po-status" data-stage={stage}>
            {t(`inbound.stage.${stage}`)}
          </Badge>
        )}
        {send && (
          <Badge color={SEND_COLOR[send]} variant="light" data-testid="po-send" data-send={send}>
            {t(`inbound.send.${send}`)}
          </Badge>
        )}
      </Group>
      {documented && (
        <Text size="xs" c="dimmed" data-testid="po-status-help">
          {t(`inbound.vendorStatus.${documented}`)}
        </Text>
      )}
      {send && (
        <Text size="xs" c="dimmed" maw={260} data-testid="po-send-help">
          {t(`inbound.sendHelp.${send}`)}
        </Text>
      )}
    </Stack>
  );
}
