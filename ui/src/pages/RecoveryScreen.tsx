import { Alert, Button, Card, Code, Container, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../components/errors";
import { toAppError, type RecoveryView, type StoreProblem } from "../ipc";
import { isCache } from "../lib/recovery";
import { useRecoveryActions } from "../queries/settings";

/** Shown instead of the app when a local database cannot be opened: what happened, where the file is, and
 * what the owner can do. Caches can be rebuilt (the broken file is kept beside it); the order outbox and
 * the file library are never touched without an explicit, confirmed choice, and are backed up first. */
export function RecoveryScreen({ view, onResolved }: { view: RecoveryView; onResolved: () => void }) {
  const { t } = useTranslation();
  const [confirm, setConfirm] = useState<StoreProblem | null>(null);
  const [current, setCurrent] = useState(view);
  const done = (next: RecoveryView | null) => {
    if (next) setCurrent(next);
    else onResolved();
  };
  const { rebuild, retry, setAside, quit } = useRecoveryActions(done);
  const error = rebuild.error ?? retry.error ?? setAside.error;
  const caches = current.problems.filter((p) => isCache(p.file));

  return (
    <Container size="sm" py="xl" data-testid="recovery">
      <Stack>
        <Group gap="sm">
          <IconAlertTriangle size={28} color="var(--mantine-color-orange-6)" />
          <Title order={2}>{t("recovery.title")}</Title>
        </Group>
        <Text>{t("recovery.intro")}</Text>
        {current.problems.map((p) => (
          <Card key={p.file} withBorder data-testid="recovery-problem" data-file={p.file} data-kind={p.kind}>
            <Stack gap={6}>
              <Text fw={600}>{t(`recovery.file.${p.file}`)}</Text>
              <Text size="sm">{t(`recovery.kind.${p.kind}`)}</Text>
              <Code block>{p.path}</Code>
              <Text size="sm" c="dimmed">
                {isCache(p.file) ? t("recovery.cacheHint") : t("recovery.journalHint")}
              </Text>
              {!isCache(p.file) && p.kind !== "locked" && (
                <Group>
                  <Button color="red" variant="light" onClick={() => setConfirm(p)} data-testid="recovery-set-aside">
                    {t("recovery.setAside")}
                  </Button>
                </Group>
              )}
            </Stack>
          </Card>
        ))}
        {error && (
          <Alert color="red" data-testid="recovery-error">
            {errorText(toAppError(error))}
          </Alert>
        )}
        <Group>
          {caches.length > 0 && (
            <Button onClick={() => rebuild.mutate()} loading={rebuild.isPending} data-testid="recovery-rebuild">
              {t("recovery.rebuild")}
            </Button>
          )}
          <Button variant="default" onClick={() => retry.mutate()} loading={retry.isPending} data-testid="recovery-retry">
            {t("recovery.retry")}
          </Button>
          <Button variant="subtle" color="gray" onClick={() => void quit()}>
            {t("recovery.quit")}
          </Button>
        </Group>
      </Stack>
      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title={t("recovery.confirmTitle")} centered>
        {confirm && (
          <Stack>
            <Text size="sm">{t("recovery.confirmBody", { file: t(`recovery.file.${confirm.file}`) })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirm(null)}>
                {t("common.cancel")}
              </Button>
              <Button
                color="red"
                loading={setAside.isPending}
                onClick={() => setAside.mutate(confirm, { onSuccess: () => setConfirm(null) })}
                data-testid="recovery-confirm-set-aside"
              >
                {t("recovery.setAside")}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Container>
  );
}
