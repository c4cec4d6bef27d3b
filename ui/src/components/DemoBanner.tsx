import { Badge, Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useDemo, useWorkspace } from "../queries/accounts";

/** Shown on every page while the demo workspace runs: what it is, and one click to leave or connect. */
export function DemoBanner() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const { leave } = useDemo();
  const navigate = useNavigate();
  if (!ws.data?.demo) return null;
  return (
    <Group justify="space-between" px="lg" py={8} bg="yellow.1" data-testid="demo-banner" wrap="nowrap">
      <Group gap="xs" wrap="nowrap">
        <Badge color="yellow" variant="filled" data-testid="demo-badge" style={{ flexShrink: 0 }}>
          {t("demo.badge")}
        </Badge>
        <Text size="sm" c="dark">
          {t("demo.banner")}
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Button size="xs" onClick={() => navigate("/accounts")} data-testid="demo-connect">
          {t("demo.connect")}
        </Button>
        <Button size="xs" variant="default" loading={leave.isPending} onClick={() => leave.mutate()} data-testid="demo-leave">
          {t("demo.leave")}
        </Button>
      </Group>
    </Group>
  );
}
