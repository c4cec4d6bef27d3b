import { Button, Card, Code, Divider, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { errorText } from "../components/errors";
import { PageHeader } from "../components/PageHeader";
import { toAppError } from "../ipc";
import { useAppInfo, useDiagnosticsExport, useLanguage, useSettings } from "../queries/settings";
import { useCheckUpdateNow } from "../queries/update";
import { formatVnd } from "../lib/format";
import { StockSettingsCard } from "./StockSettingsCard";

/** "Cập nhật & chẩn đoán": the running version, a manual update check, and the diagnostics zip for support. */
function UpdatesCard() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const check = useCheckUpdateNow();
  const diagnostics = useDiagnosticsExport();
  const checkError = check.error ? toAppError(check.error) : null;
  return (
    <Card withBorder padding="lg">
      <Title order={4} mb="xs">
        {t("settings.updates")}
      </Title>
      <Group gap="xs">
        <Text size="sm">{t("settings.currentVersion")}</Text>
        {info && <Code data-testid="settings-version">{info.version}</Code>}
      </Group>
      <Group gap="sm" mt="sm">
        <Button variant="default" loading={check.isPending} onClick={() => check.mutate()} data-testid="settings-check-update">
          {t("settings.checkUpdate")}
        </Button>
        {check.data && (
          <Text size="sm" data-testid="settings-update-result">
            {check.data.available
              ? t("settings.updateAvailable", { version: check.data.available.version })
              : t("settings.upToDate")}
          </Text>
        )}
      </Group>
      {checkError && (
        <Text size="sm" c="red" mt="xs" data-testid="settings-update-error" data-code={checkError.code}>
          {errorText(checkError)}
        </Text>
      )}
      <Divider my="md" />
      <Text c="dimmed" size="sm" mb="sm">
        {t("settings.diagnosticsHint")}
      </Text>
      <Button
        variant="default"
        loading={diagnostics.isPending}
        onClick={() => diagnostics.mutate()}
        data-testid="settings-export-diagnostics"
      >
        {t("settings.exportDiagnostics")}
      </Button>
      {diagnostics.data && (
        <Text size="sm" mt="xs">
          {t("settings.diagnosticsSaved")} <Code data-testid="settings-diagnostics-result">{diagnostics.data.path}</Code>
        </Text>
      )}
    </Card>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  const { language, setLanguage, saving } = useLanguage();
  const info = useAppInfo();
  const settings = useSettings().data;
  return (
    <>
      <PageHeader title={t("pages.settings.title")} />
      <Stack gap="md" maw={640}>
        <Card withBorder padding="lg">
          <Title order={4}>{t("settings.language")}</Title>
          <Text c="dimmed" size="sm" mb="sm">
            {t("settings.languageHint")}
          </Text>
          <SegmentedControl
            data-testid="language-switch"
            value={language}
            disabled={saving}
            onChange={(v) => setLanguage(v === "en" ? "en" : "vi")}
            data={[
              { value: "vi", label: t("settings.vietnamese") },
              { value: "en", label: t("settings.english") },
            ]}
          />
        </Card>
        {settings && <StockSettingsCard settings={settings} />}
        <Card withBorder padding="lg">
          <Title order={4}>{t("settings.appearance")}</Title>
          <Text c="dimmed" size="sm">
            {t("settings.appearanceHint")}
          </Text>
          <Text size="sm" mt="xs" data-testid="money-example">
            {t("settings.moneyExample", { amount: formatVnd(1250000) })}
          </Text>
        </Card>
        <UpdatesCard />
        <Card withBorder padding="lg">
          <Title order={4}>{t("settings.about")}</Title>
          <Text size="sm" data-testid="app-tagline">
            {t("app.tagline")}
          </Text>
          {info && (
            <Text size="sm" c="dimmed" data-testid="app-version">
              {t("settings.version", { version: info.version, channel: info.channel })}
            </Text>
          )}
        </Card>
      </Stack>
    </>
  );
}
