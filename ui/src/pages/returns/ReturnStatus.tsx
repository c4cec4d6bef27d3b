import { Badge, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PoSend, ReturnStage } from "../../ipc";
import { SEND_COLOR } from "../inbound/PoStatus";

export const RETURN_STAGE_COLOR: Record<ReturnStage, string> = {
  requested: "blue",
  in_transit: "cyan",
  received: "violet",
  restocked: "teal",
  problem: "red",
  cancelled: "gray",
  other: "gray",
};

/**
 * Where a return is: the vendor's own words beside our normalized stage, or ShopDesk's sending state while the
 * vendor has not got the request (the same states and colours as a PO's).
 */
export function ReturnStatus({ status, stage, send }: { status: string | null; stage: ReturnStage; send: PoSend | null }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} align="flex-start">
      <Group gap={4}>
        {!send && (
          <Badge color={RETURN_STAGE_COLOR[stage]} variant="light" data-testid="return-stage" data-stage={stage}>
            {t(`returns.stage.${stage}`)}
          </Badge>
        )}
        {send && (
          <Badge color={SEND_COLOR[send]} variant="light" data-testid="return-send" data-send={send}>
            {t(`inbound.send.${send}`)}
          </Badge>
        )}
      </Group>
      {status && (
        <Text size="xs" c="dimmed" data-testid="return-vendor-status">
          {status}
        </Text>
      )}
      {send && (
        <Text size="xs" c="dimmed" maw={260} data-testid="return-send-help">
          {t(`returns.sendHelp.${send}`)}
        </Text>
      )}
    </Stack>
  );
}
