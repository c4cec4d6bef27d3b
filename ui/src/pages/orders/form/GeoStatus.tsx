import { Alert, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { FormError } from "../../../components/FormError";
import type { GeoMatch, Vendor } from "../../../ipc";
import type { GeoPicks } from "../../../lib/orders";

/** Whether the vendor knows the picked address; a choice per level it could not match by itself. */
export function GeoStatus({
  match,
  loading,
  error,
  vendor,
  picks,
  onPick,
}: {
  match: GeoMatch | undefined;
  loading: boolean;
  error: unknown;
  vendor: Vendor | null;
  picks: GeoPicks;
  onPick: (level: string, id: string) => void;
}) {
  const { t } = useTranslation();
  const v = vendor ? t(`vendors.${vendor}`) : "";
  if (loading) return <Text size="sm" c="dimmed">{t("address.resolving", { vendor: v })}</Text>;
  if (error) return <FormError error={error} />;
  if (!match) return null;
  if (match.complete)
    return (
      <Text size="sm" c="teal" data-testid="geo-ok">
        {t("address.resolved", { vendor: v })}
      </Text>
    );
  return (
    <Alert color="orange" data-testid="geo-problems">
      <Stack gap="xs">
        {match.problems.map((p) => (
          <Stack key={p.level} gap={4}>
            <Text size="sm">
              {t(`address.problem.${p.reason}`, { level: t(`address.level.${p.level}`), name: p.name, vendor: v })}
            </Text>
            {p.candidates.length > 0 && (
              <Select
                size="xs"
                w={320}
                placeholder={t("address.pickVendorUnit", { vendor: v })}
                data={p.candidates.map((c) => ({ value: c.id, label: c.name }))}
                value={picks[p.level] ?? null}
                onChange={(id) => id && onPick(p.level, id)}
                comboboxProps={{ withinPortal: false }}
              />
            )}
          </Stack>
        ))}
      </Stack>
    </Alert>
  );
}
