import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ShownError } from "../lib/storedErrors";

/** A stored failure: its localized text, and the vendor's (redacted) detail below it as secondary text. */
export function StoredError({ error, testId, maw }: { error: ShownError | null; testId: string; maw?: number }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div data-testid={testId} data-code={error.code ?? ""}>
      <Text size="xs" c="red" maw={maw}>
        {error.text}
      </Text>
      {error.detail && (
        <Text size="xs" c="dimmed" maw={maw} data-testid={`${testId}-detail`}>
          {t("errors.detail", { detail: error.detail })}
        </Text>
      )}
    </div>
  );
}
