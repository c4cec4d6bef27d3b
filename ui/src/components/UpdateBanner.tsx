import { Alert, Box, Button, Group, Progress, ScrollArea, Stack, Text } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { Trans, useTranslation } from "react-i18next";
import { toAppError, type UpdateFailure, type UpdateProgress } from "../ipc";
import { useInstallUpdate, useOfferedUpdate, useSkipUpdate, useUpdateStatus } from "../queries/update";
import { errorText } from "./errors";

/** Downloaded share of the update in percent (`null`: the size is unknown). */
function percentOf(p: UpdateProgress | null): number | null {
  if (!p?.total) return null;
  return Math.min(100, Math.floor((p.downloaded / p.total) * 100));
}

/**
 * Shown above every page when a newer version is offered (and not put off with "Để sau", unless the user
 * asked from Settings): the release notes, "Cập nhật ngay" with the download's progress, and why an update did
 * not install (the running version keeps running).
 */
export function UpdateBanner() {
  const { t } = useTranslation();
  const offered = useOfferedUpdate();
  const status = useUpdateStatus();
  const skip = useSkipUpdate();
  const { install, progress } = useInstallUpdate();
  if (!offered) return null;

  const { version, notes } = offered;
  const ours = install.variables === version;
  const installing = install.isPending && ours;
  const failure: UpdateFailure | null = ours && install.isSuccess ? install.data : null;
  const error = ours && install.isError ? toAppError(install.error) : null;
  const percent = percentOf(progress);
  const unpacking = progress?.installing ?? false;

  // "changed": the endpoint now offers another version, so the way on is to ask it again
  const retry = () => {
    if (failure === "changed") {
      install.reset();
      void status.refetch();
    } else {
      install.mutate(version);
    }
  };

  return (
    <Box px="lg" py="sm" bg="teal.0" data-testid="update-banner">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <IconDownload size={18} stroke={1.8} color="var(--mantine-color-teal-8)" style={{ flexShrink: 0 }} />
            <Text size="sm" fw={600} c="dark">
              <Trans
                i18nKey="update.available"
                values={{ version }}
                components={{ v: <span data-testid="update-version" /> }}
              />
            </Text>
          </Group>
          {notes && (
            <ScrollArea.Autosize mah={120} type="auto" offsetScrollbars>
              <Text size="sm" c="dark" data-testid="update-notes" style={{ whiteSpace: "pre-wrap" }}>
                {notes}
              </Text>
            </ScrollArea.Autosize>
          )}
          {installing && (
            <Stack gap={4}>
              <Progress
                data-testid="update-progress"
                data-value={unpacking ? 100 : (percent ?? undefined)}
                data-indeterminate={!unpacking && percent === null ? true : undefined}
                aria-label={t("update.progressLabel")}
                value={unpacking ? 100 : (percent ?? 100)}
                striped={unpacking || percent === null}
                animated={unpacking || percent === null}
              />
              <Text size="xs" c="dark" data-testid="update-progress-text">
                {unpacking
                  ? t("update.installing")
                  : percent === null
                    ? t("update.downloading")
                    : t("update.downloadingPercent", { percent })}
              </Text>
            </Stack>
          )}
          {(failure || error) && (
            <Alert color="red" variant="light" p="xs" data-testid="update-error" data-reason={failure ?? undefined} data-code={error?.code}>
              <Text size="sm">{failure ? t(`update.failed.${failure}`) : error && errorText(error)}</Text>
              <Text size="sm">{t("update.stillRunning")}</Text>
            </Alert>
          )}
        </Stack>
        {!installing && (
          <Group gap="xs" wrap="nowrap">
            {failure || error ? (
              <Button size="xs" onClick={retry} loading={status.isFetching && failure === "changed"} data-testid="update-retry">
                {failure === "changed" ? t("update.checkAgain") : t("update.retry")}
              </Button>
            ) : (
              <Button size="xs" onClick={() => install.mutate(version)} data-testid="update-install">
                {t("update.installNow")}
              </Button>
            )}
            <Button
              size="xs"
              variant="default"
              loading={skip.isPending}
              onClick={() => skip.mutate(version)}
              data-testid="update-later"
            >
              {t("update.later")}
            </Button>
          </Group>
        )}
      </Group>
    </Box>
  );
}
