import { Card, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../components/PageHeader";
import { useAppInfo, useLanguage } from "../hooks/settings";
import { formatVnd } from "../lib/format";

export function SettingsPage() {
  const { t } = useTranslation();
  const { language, setLanguage, saving } = useLanguage();
  const info = useAppInfo();
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
