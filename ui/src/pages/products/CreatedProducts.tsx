import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { errorText } from "../../components/errors";
import { FormError } from "../../components/FormError";
import { StoredError } from "../../components/StoredError";
import { formatDateTime, formatNumber } from "../../lib/format";
import { canRetry, showsError, stateColor, summary } from "../../lib/productForm";
import { useAccountLabelOf } from "../../queries/accounts";
import { useProductList, useRetryProduct } from "../../queries/productCreate";

/**
 * The products sent from ShopDesk: per product, each account's result (created with its listings, being sent,
 * refused with the vendor's reason, or needing the owner), and a retry of one account's refused records.
 */
export function CreatedProducts() {
  const { t } = useTranslation();
  const list = useProductList();
  const retry = useRetryProduct();
  const labelOf = useAccountLabelOf();
  const rows = list.data ?? [];
  if (rows.length === 0) return null;
  return (
    <Paper withBorder p="md" mb="md" data-testid="created-products">
      <Title order={5} mb="xs">
        {t("productForm.created.title")}
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("productForm.created.product")}</Table.Th>
            <Table.Th>{t("productForm.created.accounts")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((p) => {
            const s = summary(p.targets);
            return (
              <Table.Tr key={p.reference} data-testid="created-product" data-reference={p.reference} data-sku={p.sku}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {p.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {p.sku} · {t("productForm.created.variants", { count: p.variants })} · {formatDateTime(p.createdAt)}
                  </Text>
                  <Text size="xs" c={s.attention ? "orange" : "dimmed"}>
                    {t("productForm.created.summary", { created: formatNumber(s.created), total: formatNumber(s.total) })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={6}>
                    {p.targets.map((x) => (
                      <Group key={x.accountId} gap="xs" align="flex-start" data-testid="created-target" data-vendor={x.vendor} data-state={x.state}>
                        <Badge color={stateColor(x.state)} variant="light" w={150}>
                          {t(`productForm.state.${x.state}`)}
                        </Badge>
                        <Stack gap={0} style={{ flex: 1 }}>
                          <Text size="sm">
                            {t(`vendors.${x.vendor}`)} · {labelOf(x.accountId)}{" "}
                            <Text span size="xs" c="dimmed">
                              {t("productForm.created.records", { created: formatNumber(x.created), records: formatNumber(x.records) })}
                            </Text>
                          </Text>
                          {x.error && showsError(x) && (
                            <StoredError error={{ code: x.error.code, text: errorText(x.error), detail: x.error.message || null }} testId="created-target-error" maw={420} />
                          )}
                        </Stack>
                        {canRetry(x.state) && (
                          <Button
                            size="xs"
                            variant="light"
                            loading={retry.isPending && retry.variables?.accountId === x.accountId && retry.variables?.reference === p.reference}
                            onClick={() => retry.mutate({ reference: p.reference, accountId: x.accountId })}
                            data-testid="created-target-retry"
                          >
                            {t("productForm.created.retry")}
                          </Button>
                        )}
                      </Group>
                    ))}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <FormError error={retry.error} />
    </Paper>
  );
}
