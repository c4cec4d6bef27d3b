import { Card, Group, NumberInput, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../components/PageHeader";
import { useAppInfo, useLanguage, useSettings, useStockSettings } from "../queries/settings";
import { formatVnd } from "../lib/format";

export function SettingsPage() {
  const { t } = useTranslation();
  const { language, setLanguage, saving } = useLanguage();
  const info = useAppInfo();
  const settings = useSettings().data;
  const stockSettings = useStockSettings();
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
        {settings && (
          <Card withBorder padding="lg">
            <Title order={4} mb="sm">
              {t("settings.stock")}
            </Title>
            <Group align="flex-start" grow>
              <NumberInput
                label={t("settings.lowStockThreshold")}
                description={t("settings.lowStockHint")}
                min={0}
                max={100000}
                allowDecimal={false}
                value={settings.lowStockThreshold}
                onChange={(v) => stockSettings.mutate({ low: Number(v) || 0, interval: settings.syncIntervalMinutes })}
                data-testid="low-threshold"
              />
              <NumberInput
                label={t("settings.syncInterval")}
                description={t("settings.syncIntervalHint")}
                min={0}
                max={1440}
                allowDecimal={false}
                value={settings.syncIntervalMinutes}
                onChange={(v) => stockSettings.mutate({ low: settings.lowStockThreshold, interval: Number(v) || 0 })}
              />
            </Group>
          </Card>
        )}
        <Card withBorder padding="lg">
          <Title order={4}>{t("settings.appearance")}</Title>
          <Text c="dimmed" size="sm">
            {t("settings.appearanceHint")}
          </Text>
          <Text size="sm" mt="xs" data-testid="money-example">
            {t("settings.moneyExample", { amount: formatVnd(1250000) })}
          </Text>
        </Card>
        <Card withBorder padding="lg">
          <Title order={4}>{t("settings.about")}</Title>
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
