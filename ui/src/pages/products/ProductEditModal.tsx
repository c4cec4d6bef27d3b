import { Alert, Badge, Button, Group, List, Modal, NumberInput, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../../components/FormError";
import type { FieldDiff, ProductChange, ProductRow, SharedField } from "../../ipc";
import { formatNumber, formatVnd } from "../../lib/format";
import { buildChange, editFormOf, type EditForm } from "../../lib/productForm";
import { useAccountLabelOf } from "../../queries/accounts";
import { useEditPreview, useEditProduct, useProductAccounts } from "../../queries/productCreate";
import { DocumentPicker } from "../files/DocumentPicker";
import { useFieldErrors } from "./useFieldErrors";

/** Paths shown at their own input; any other (the product busy or retired, nothing changed) above the buttons. */
const PLACED = ["name", "price", "weightGrams", "images"];
const placed = (path: string) => PLACED.includes(path) || /^(images|barcodes)\.\d+$/.test(path);

/**
 * "Sửa sản phẩm": a created product's shared fields (name, price, weight, images, each variant's barcode) edited once, with a preview of what
 * changes where — asked of Rust as the owner types — before anything is stored or sent. A vendor whose API cannot
 * change a field is named with it; an account not created yet gets the new values with its create.
 */
export function ProductEditModal({ product, onClose }: { product: ProductRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const labelOf = useAccountLabelOf();
  const [form, setForm] = useState<EditForm>({ name: "", price: "", weightGrams: "", images: [], barcodes: {} });
  const [debounced] = useDebouncedValue(form, 250);
  const preview = useEditPreview();
  const edit = useEditProduct();
  const reference = product?.reference ?? null;
  const { mutate: ask, reset: resetPreview } = preview;
  const { reset: resetEdit } = edit;

  useEffect(() => {
    if (!product) return;
    setForm(editFormOf(product));
    resetPreview();
    resetEdit();
    // a new product opened: start from its stored values
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reference]);

  // asked again only when a value changes (an input's blur re-sets the same value)
  const asked = JSON.stringify(buildChange(debounced));
  const typed = JSON.stringify(buildChange(form));
  useEffect(() => {
    if (reference) ask({ reference, change: JSON.parse(asked) as ProductChange });
  }, [reference, asked, ask]);

  const error = edit.error ?? preview.error;
  const errors = useFieldErrors(error);
  const others = Object.keys(errors.fields).filter((p) => !placed(p));
  const accounts = useProductAccounts();
  const onflow = (accounts.data ?? []).find((a) => a.vendor === "onflow");
  const codes = product?.codes ?? [];
  const imageError = [errors.of("images"), ...form.images.map((_, i) => errors.of(`images.${i}`))].filter(Boolean).join(" ") || undefined;
  const p = preview.data;
  const current = asked === typed && !preview.isPending && !preview.isError;
  const canSend = !!p && current && p.diffs.length > 0;
  const fieldName = (f: SharedField) => t(`productForm.field.${f}`);
  const fields = (fs: SharedField[]) => fs.map(fieldName).join(", ");

  const submit = () => {
    if (!reference) return;
    edit.mutate(
      { reference, change: buildChange(form) },
      {
        onSuccess: () => {
          notifications.show({ color: "teal", message: t("productForm.edit.sent") });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={!!product} onClose={onClose} size="lg" title={t("productForm.edit.title", { name: product?.name ?? "" })} data-testid="product-edit">
      <Stack>
        <Text size="sm" c="dimmed">
          {t("productForm.edit.intro")}
        </Text>
        <TextInput label={t("productForm.name")} value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.of("name")} data-testid="edit-name" />
        <Group grow>
          <NumberInput
            label={t("productForm.price")}
            value={form.price}
            onChange={(v) => setForm({ ...form, price: v })}
            min={0}
            thousandSeparator="."
            decimalSeparator=","
            error={errors.of("price")}
            data-testid="edit-price"
          />
          <NumberInput label={t("productForm.weightGrams")} value={form.weightGrams} onChange={(v) => setForm({ ...form, weightGrams: v })} min={1} error={errors.of("weightGrams")} data-testid="edit-weight" />
        </Group>
        {onflow && (
          <DocumentPicker
            accountId={onflow.accountId}
            value={form.images}
            onChange={(images) => setForm({ ...form, images })}
            kinds={["png", "jpeg", "webp"]}
            label={t("productForm.images")}
            description={t("productForm.imagesHint")}
            testId="edit-images"
          />
        )}
        {imageError && (
          <Text size="xs" c="red">
            {imageError}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {codes.map((c, i) => (
            <TextInput
              key={c.sku}
              label={`${t("productForm.barcode")} · ${c.options.length > 0 ? c.options.join(" / ") : c.sku}`}
              description={c.sku}
              value={form.barcodes[c.sku] ?? ""}
              onChange={(e) => setForm({ ...form, barcodes: { ...form.barcodes, [c.sku]: e.currentTarget.value } })}
              error={errors.of(`barcodes.${i}`)}
              data-testid="edit-barcode"
              data-sku={c.sku}
            />
          ))}
        </SimpleGrid>

        {p && current && (
          <Stack gap="xs" data-testid="edit-preview" data-diffs={p.diffs.length}>
            {p.diffs.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("productForm.edit.nothing")}
              </Text>
            ) : (
              <>
                <List size="sm">
                  {p.diffs.map((d) => (
                    <List.Item key={d.field === "barcode" ? `barcode-${d.sku}` : d.field} data-testid="edit-diff" data-field={d.field}>
                      {diffText(d, fieldName, t)}
                    </List.Item>
                  ))}
                </List>
                <Table>
                  <Table.Tbody>
                    {p.targets.map((x) => (
                      <Table.Tr key={x.accountId} data-testid="edit-target" data-vendor={x.vendor} data-sends={x.sends.join(",")}>
                        <Table.Td>
                          <Badge variant="light">{t(`vendors.${x.vendor}`)}</Badge> <Text span size="sm">{labelOf(x.accountId)}</Text>
                        </Table.Td>
                        <Table.Td>
                          {x.notCreated ? (
                            <Text size="sm">{t("productForm.edit.withCreate")}</Text>
                          ) : (
                            <Stack gap={2}>
                              {x.sends.length > 0 && <Text size="sm">{t("productForm.edit.sends", { fields: fields(x.sends), count: x.records })}</Text>}
                              {x.cannot.length > 0 && (
                                <Text size="sm" c="orange" data-testid="edit-cannot">
                                  {t("productForm.edit.cannot", { fields: fields(x.cannot), vendor: t(`vendors.${x.vendor}`) })}
                                </Text>
                              )}
                            </Stack>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </Stack>
        )}

        {others.length > 0 && (
          <Alert color="red" data-testid="edit-errors">
            {others.map((path) => errors.of(path)).join(" ")}
          </Alert>
        )}
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={submit} disabled={!canSend} loading={edit.isPending} data-testid="edit-submit">
            {t("productForm.edit.submit")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function diffText(d: FieldDiff, name: (f: SharedField) => string, t: (k: string, o?: Record<string, unknown>) => string): string | undefined {
  switch (d.field) {
    case "name":
      return t("productForm.edit.diff", { field: name("name"), before: d.before, after: d.after });
    case "price":
      return t("productForm.edit.diff", { field: name("price"), before: d.before.map(formatVnd).join(" / "), after: formatVnd(d.after) });
    case "weight":
      return t("productForm.edit.diff", { field: name("weight"), before: `${formatNumber(d.before)} g`, after: `${formatNumber(d.after)} g` });
    case "images":
      return t("productForm.edit.diff", { field: name("images"), before: t("productForm.edit.images", { count: d.before.length }), after: t("productForm.edit.images", { count: d.after.length }) });
    case "barcode":
      return t("productForm.edit.diff", { field: `${name("barcode")} ${d.sku}`, before: d.before ?? "—", after: d.after ?? "—" });
  }
}
