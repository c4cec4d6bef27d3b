// The parts the bulk imports share (orders from Excel, inbound POs from Excel): the template step, a file
// the import cannot use, and the send's progress with the report button.
import { Alert, Button, Group, Paper, Progress, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconSend } from "@tabler/icons-react";
import type { UseMutationResult } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { toAppError, type ExportFormat } from "../ipc";
import { FormError } from "./FormError";

/** Step 1: save the template as Excel or CSV (`<testIdPrefix>-template-xlsx` / `-csv`), with a notice where it went. */
export function TemplateStep({
  hint,
  template,
  testIdPrefix,
}: {
  hint: string;
  template: UseMutationResult<string | null, Error, ExportFormat>;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const save = (format: ExportFormat) =>
    template.mutate(format, {
      onSuccess: (path) => {
        if (path) notifications.show({ color: "teal", message: t("orders.import.templateSaved", { path }) });
      },
    });
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="xs">
        {t("orders.import.step1")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {hint}
      </Text>
      <Group>
        <Button variant="light" leftSection={<IconDownload size={16} />} onClick={() => save("xlsx")} data-testid={`${testIdPrefix}-template-xlsx`}>
          {t("orders.import.templateXlsx")}
        </Button>
        <Button variant="subtle" leftSection={<IconDownload size={16} />} onClick={() => save("csv")} data-testid={`${testIdPrefix}-template-csv`}>
          {t("orders.import.templateCsv")}
        </Button>
      </Group>
    </Paper>
  );
}

/** A file the import cannot use: its codes in the user's language (`testId`, `data-code`), else the form error. */
export function ImportFileError({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = toAppError(error);
  const codes = e.details?.fields?.file ?? [];
  if (codes.length === 0) return <FormError error={error} />;
  return (
    <Alert color="red" mt="sm" data-testid={testId} data-code={codes.join(" ")}>
      {codes.map((c) => t(`importFile.${c}`)).join(" ")} {e.message}
    </Alert>
  );
}

/** The send's progress (`<testIdPrefix>-progress` with `data-done`/`data-total`) and the report button, enabled at the end. */
export function ImportProgress({
  done,
  total,
  label,
  onReport,
  reporting,
  testIdPrefix,
}: {
  done: number;
  total: number;
  label: string;
  onReport: () => void;
  reporting: boolean;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  if (total === 0) return null;
  return (
    <Stack gap={4} mb="sm">
      <Progress value={(done / total) * 100} data-testid={`${testIdPrefix}-progress`} data-done={done} data-total={total} />
      <Group justify="space-between">
        <Text size="sm">{label}</Text>
        <Button size="xs" variant="light" disabled={done < total} loading={reporting} onClick={onReport} data-testid={`${testIdPrefix}-report`}>
          {t("orders.import.saveReport")}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * The preview's head: the file, how many groups are valid and invalid (`<testIdPrefix>-valid` / `-invalid`
 * with `data-count`), and the send button (`<testIdPrefix>-send`).
 */
export function PreviewHead({
  fileName,
  valid,
  invalid,
  sendLabel,
  disabled,
  sending,
  onSend,
  testIdPrefix,
}: {
  fileName: string;
  valid: { count: number; text: string };
  invalid: { count: number; text: string };
  sendLabel: string;
  disabled: boolean;
  sending: boolean;
  onSend: () => void;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" mb="sm">
      <Stack gap={0}>
        <Title order={4}>{t("orders.import.step3", { file: fileName })}</Title>
        <Text size="sm">
          <span data-testid={`${testIdPrefix}-valid`} data-count={valid.count}>
            {valid.text}
          </span>
          {" · "}
          <span data-testid={`${testIdPrefix}-invalid`} data-count={invalid.count}>
            {invalid.text}
          </span>
        </Text>
      </Stack>
      <Button leftSection={<IconSend size={16} />} disabled={disabled} loading={sending} onClick={onSend} data-testid={`${testIdPrefix}-send`}>
        {sendLabel}
      </Button>
    </Group>
  );
}
