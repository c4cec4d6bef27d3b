import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../components/ConfirmModal";
import { errorText } from "../../components/errors";
import { FormError } from "../../components/FormError";
import { StoredError } from "../../components/StoredError";
import { formatDateTime, formatNumber, formatVnd } from "../../lib/format";
import type { ProductRow } from "../../ipc";
import { canEditProduct, canRetireProduct, canRetryTarget, changeColor, showsError, shownChange, stateColor, summary } from "../../lib/productForm";
import { useAccountLabelOf } from "../../queries/accounts";
import { useProductList, useRetireProduct, useRetryProduct } from "../../queries/productCreate";
import { ProductEditModal } from "./ProductEditModal";
import { useFieldErrors } from "./useFieldErrors";

/**
 * The products sent from ShopDesk: per product, each account's result (created with its listings, being sent,
 * refused with the vendor's reason, or needing the owner), and a retry of one account's refused records; then a
 * created product's edit (with its preview) and its retire (after a confirmation), each account's change shown.
 */
export function CreatedProducts() {
  const { t } = useTranslation();
  const list = useProductList();
  const retry = useRetryProduct();
  const retire = useRetireProduct();
  const labelOf = useAccountLabelOf();
  const [editing, setEditing] = useState<ProductRow | null>(null);
  const [retiring, setRetiring] = useState<ProductRow | null>(null);
  const retireErrors = useFieldErrors(retire.error);
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
              <Table.Tr key={p.reference} data-testid="created-product" data-reference={p.reference} data-sku={p.sku} data-retired={p.retired}>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm" fw={500}>
                      {p.name}
                    </Text>
                    {p.retired && (
                      <Badge color="gray" variant="light" size="sm">
                        {t("productForm.retire.retired")}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {p.sku} · {t("productForm.created.variants", { count: p.variants })} · {formatVnd(p.price)} · {formatDateTime(p.createdAt)}
                  </Text>
                  <Text size="xs" c={s.attention ? "orange" : "dimmed"}>
                    {t("productForm.created.summary", { created: formatNumber(s.created), total: formatNumber(s.total) })}
                  </Text>
                  <Group gap="xs" mt={6}>
                    {canEditProduct(p) && (
                      <Button size="compact-xs" variant="light" onClick={() => setEditing(p)} data-testid="created-product-edit">
                        {t("productForm.edit.open")}
                      </Button>
                    )}
                    {canRetireProduct(p) && (
                      <Button size="compact-xs" variant="light" color="red" onClick={() => setRetiring(p)} data-testid="created-product-retire">
                        {t("productForm.retire.open")}
                      </Button>
                    )}
                  </Group>
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
                          {(() => {
                            const c = shownChange(x);
                            if (!c) return null;
                            return (
                              <Stack gap={2} data-testid="created-target-change" data-kind={c.kind} data-state={c.state}>
                                <Badge color={changeColor(c)} variant="dot" size="sm">
                                  {t(`productForm.change.${c.kind}.${c.state}`)}
                                </Badge>
                                {c.error && c.state !== "done" && (
                                  <StoredError error={{ code: c.error.code, text: errorText(c.error), detail: c.error.message || null }} testId="created-change-error" maw={420} />
                                )}
                              </Stack>
                            );
                          })()}
                        </Stack>
                        {canRetryTarget(x, p.retired) && (
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
      <FormError error={retry.error ?? retire.error} />
      {editing && <ProductEditModal product={editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={!!retiring}
        title={t("productForm.retire.title", { name: retiring?.name ?? "" })}
        body={
          <>
            {t("productForm.retire.body", { count: retiring?.targets.filter((x) => x.created > 0).length ?? 0 })}
            {retireErrors.of("reference") && (
              <Text span display="block" size="sm" c="red" mt="xs" data-testid="retire-error">
                {retireErrors.of("reference")}
              </Text>
            )}
          </>
        }
        confirmLabel={t("productForm.retire.confirm")}
        confirmTestId="confirm-retire"
        loading={retire.isPending}
        onConfirm={() => {
          if (retiring) retire.mutate(retiring.reference, { onSuccess: () => setRetiring(null) });
        }}
        onClose={() => {
          retire.reset();
          setRetiring(null);
        }}
      />
    </Paper>
  );
}
