import { Button, Group, Loader, Paper, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import type { CustomerOffer } from "../../../ipc";
import { useCustomerLookup } from "../../../queries/orders";

/**
 * Under the phone field: the customers the vendors already know by the typed number, each with its
 * address; "Dùng" fills the form with one. A vendor that cannot be asked leaves a quiet note, never an
 * error: the form goes on by hand.
 */
export function CustomerOffers({ phone, onUse }: { phone: string; onUse: (offer: CustomerOffer) => void }) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(phone, 400);
  const lookup = useCustomerLookup(debounced);
  if (lookup.isFetching && !lookup.data) {
    return (
      <Group gap={6} mt={4} data-testid="customer-lookup" data-state="loading">
        <Loader size="xs" />
        <Text size="xs" c="dimmed">
          {t("orders.customer.searching")}
        </Text>
      </Group>
    );
  }
  // a failed lookup (the command itself) is as quiet as a vendor that could not be asked
  if (lookup.isError) {
    return (
      <Text size="xs" c="dimmed" mt={4} data-testid="customer-lookup" data-state="unavailable">
        {t("orders.customer.unavailable")}
      </Text>
    );
  }
  const data = lookup.data;
  if (!data || !data.phone) return null;
  return (
    <Stack gap={4} mt={4} data-testid="customer-lookup" data-state={data.offers.length > 0 ? "offers" : "none"} data-phone={data.phone}>
      {data.offers.map((o) => (
        <Paper key={`${o.accountId}/${o.customer.vendorId}`} withBorder p={6} data-testid="customer-offer" data-vendor={o.vendor}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate>
                {t("orders.customer.known", { name: o.customer.name || o.customer.phone, vendor: t(`vendors.${o.vendor}`) })}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {o.customer.addressLine ?? t("orders.customer.noAddress")}
              </Text>
            </Stack>
            <Button size="compact-xs" variant="light" style={{ flexShrink: 0 }} onClick={() => onUse(o)} data-testid="customer-use">
              {t("orders.customer.use")}
            </Button>
          </Group>
        </Paper>
      ))}
      {data.unavailable.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="customer-unavailable">
          {t("orders.customer.unavailable")}
        </Text>
      )}
    </Stack>
  );
}
