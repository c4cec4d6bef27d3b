import { ActionIcon, Alert, Button, Checkbox, Grid, Group, Modal, MultiSelect, NumberInput, Paper, Stack, Table, TagsInput, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../../components/FormError";
import type { ProductAttribute } from "../../ipc";
import { attributesForVariants, buildProductDraft, emptyForm, isPlacedProductField, warehousesOf, type ProductForm as Form } from "../../lib/productForm";
import { useNewProductReference, useProductAccounts, useProductVariants, useSubmitProduct } from "../../queries/productCreate";
import { useAccountLabelOf } from "../../queries/accounts";
import { DocumentPicker } from "../files/DocumentPicker";
import { useFieldErrors } from "./useFieldErrors";
import { VendorFieldsPicker } from "./VendorFieldsPicker";

const ATTRIBUTES_MAX = 3;

/**
 * "Tạo sản phẩm": a product entered once and created at every chosen account — shared fields, attributes and the
 * variants Rust generates from them (each with its SKU, barcode and price, editable), images from the Onflow file
 * library, and per account what its vendor needs (Onflow: the warehouses and its own fields with their defaults;
 * Pancake and Nhanh: their categories). Rust checks everything, SKUs and
 * barcodes against every account's listings included, before anything is stored or sent.
 */
export function ProductForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const accounts = useProductAccounts();
  const labelOf = useAccountLabelOf();
  const submit = useSubmitProduct();
  const newRef = useNewProductReference();
  const generate = useProductVariants();
  const [form, setForm] = useState<Form>(emptyForm);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const { fields, of: fe } = useFieldErrors(submit.error);
  const list = accounts.data ?? [];
  const onflow = list.find((a) => a.vendor === "onflow") ?? null;

  // a fresh reference each time the form opens
  const { mutate: askReference } = newRef;
  useEffect(() => askReference(undefined, { onSuccess: (r) => setForm((f) => (f.reference ? f : { ...f, reference: r })) }), [askReference]);

  // the variants follow the SKU and the attributes once they settle; the owner's edits of the kept ones survive
  const variantsNow = useRef(form.variants);
  variantsNow.current = form.variants;
  const [settled] = useDebouncedValue(JSON.stringify({ sku: form.sku.trim(), attributes: attributesForVariants(form.attributes) }), 300);
  const { mutate: regenerate } = generate;
  useEffect(() => {
    const { sku, attributes } = JSON.parse(settled) as { sku: string; attributes: ProductAttribute[] };
    regenerate({ sku, attributes, existing: variantsNow.current }, { onSuccess: (variants) => setForm((f) => ({ ...f, variants })) });
  }, [settled, regenerate]);

  const setAttribute = (i: number, patch: Partial<ProductAttribute>) =>
    set({ attributes: form.attributes.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  const setVariant = (i: number, patch: Partial<Form["variants"][number]>) =>
    set({ variants: form.variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) });
  const toggle = (accountId: string, on: boolean) =>
    set({ excluded: on ? form.excluded.filter((a) => a !== accountId) : [...form.excluded, accountId] });

  const draft = buildProductDraft(form, list);
  const targetIndex = (accountId: string) => draft.targets.findIndex((x) => x.accountId === accountId);
  const unplaced = Object.keys(fields).filter((f) => !isPlacedProductField(f));
  const canSend = !!form.reference && draft.targets.length > 0 && form.variants.length > 0 && !submit.isPending;

  const send = () =>
    submit.mutate(draft, {
      onSuccess: (row) => {
        notifications.show({ color: "teal", message: t("productForm.queued", { name: row.name }) });
        onClose();
      },
    });

  const numberInput = (key: "price" | "weightGrams" | "lengthCm" | "widthCm" | "heightCm", testId: string) => (
    <NumberInput
      label={t(`productForm.${key}`)}
      value={form[key]}
      onChange={(v) => set({ [key]: v } as Partial<Form>)}
      min={0}
      allowDecimal={false}
      thousandSeparator="."
      decimalSeparator=","
      error={fe(key)}
      data-testid={testId}
    />
  );

  return (
    <Modal opened onClose={onClose} fullScreen closeOnEscape={false} title={t("productForm.title")} data-testid="product-form">
      <Stack maw={1200} mx="auto">
        <Text size="sm" c="dimmed">
          {t("productForm.intro")}
        </Text>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t("productForm.shared")}
          </Title>
          <Grid>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t("productForm.name")} value={form.name} onChange={(e) => set({ name: e.currentTarget.value })} error={fe("name")} required data-testid="product-name" />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <TextInput
                label={t("productForm.sku")}
                description={t("productForm.skuHelp")}
                value={form.sku}
                onChange={(e) => set({ sku: e.currentTarget.value })}
                error={fe("sku")}
                required
                data-testid="product-sku"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <TextInput
                label={t("productForm.reference")}
                description={t("productForm.referenceHelp")}
                value={form.reference}
                onChange={(e) => set({ reference: e.currentTarget.value })}
                error={fe("reference")}
                data-testid="product-reference"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>{numberInput("price", "product-price")}</Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>{numberInput("weightGrams", "product-weight")}</Grid.Col>
            <Grid.Col span={{ base: 4, sm: 2 }}>{numberInput("lengthCm", "product-length")}</Grid.Col>
            <Grid.Col span={{ base: 4, sm: 2 }}>{numberInput("widthCm", "product-width")}</Grid.Col>
            <Grid.Col span={{ base: 4, sm: 2 }}>{numberInput("heightCm", "product-height")}</Grid.Col>
            <Grid.Col span={12}>
              <Textarea label={t("productForm.description")} value={form.description} onChange={(e) => set({ description: e.currentTarget.value })} error={fe("description")} autosize minRows={2} />
            </Grid.Col>
            <Grid.Col span={12}>
              {onflow ? (
                <DocumentPicker
                  accountId={onflow.accountId}
                  value={form.images}
                  onChange={(images) => set({ images })}
                  kinds={["png", "jpeg", "webp"]}
                  label={t("productForm.images")}
                  description={t("productForm.imagesHint")}
                  testId="product-images"
                />
              ) : (
                <Text size="sm" c="dimmed">
                  {t("productForm.imagesNeedOnflow")}
                </Text>
              )}
              {(fe("images") || form.images.some((_, i) => fe(`images.${i}`))) && (
                <Text size="xs" c="red">
                  {[fe("images"), ...form.images.map((_, i) => fe(`images.${i}`))].filter(Boolean).join(" ")}
                </Text>
              )}
            </Grid.Col>
          </Grid>
        </Paper>

        <Paper withBorder p="md">
          <Title order={4} mb={4}>
            {t("productForm.attributes")}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t("productForm.attributesHint")}
          </Text>
          <Stack gap="xs">
            {form.attributes.map((a, i) => (
              <Group key={i} align="flex-start" data-testid="product-attribute">
                <TextInput
                  w={200}
                  placeholder={t("productForm.attributeName")}
                  value={a.name}
                  onChange={(e) => setAttribute(i, { name: e.currentTarget.value })}
                  error={fe(`attributes.${i}.name`)}
                  data-testid="product-attr-name"
                />
                <TagsInput
                  style={{ flex: 1 }}
                  placeholder={t("productForm.attributeValues")}
                  value={a.values}
                  onChange={(values) => setAttribute(i, { values })}
                  error={fe(`attributes.${i}.values`)}
                  data-testid="product-attr-values"
                />
                <ActionIcon variant="subtle" color="red" mt={6} onClick={() => set({ attributes: form.attributes.filter((_, j) => j !== i) })} aria-label={t("productForm.removeAttribute")}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="default"
                leftSection={<IconPlus size={16} />}
                disabled={form.attributes.length >= ATTRIBUTES_MAX}
                onClick={() => set({ attributes: [...form.attributes, { name: "", values: [] }] })}
                data-testid="product-add-attribute"
              >
                {t("productForm.addAttribute")}
              </Button>
            </Group>
          </Stack>
          <Table mt="md" data-testid="product-variants">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("productForm.variant")}</Table.Th>
                <Table.Th>{t("productForm.variantSku")}</Table.Th>
                <Table.Th>{t("productForm.barcode")}</Table.Th>
                <Table.Th>{t("productForm.variantPrice")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {form.variants.map((v, i) => (
                <Table.Tr key={v.options.join("/") || "single"} data-testid="product-variant">
                  <Table.Td>
                    <Text size="sm">{v.options.length > 0 ? v.options.join(" / ") : t("productForm.singleVariant")}</Text>
                    {fe(`variants.${i}.options`) && (
                      <Text size="xs" c="red">
                        {fe(`variants.${i}.options`)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <TextInput size="xs" value={v.sku} onChange={(e) => setVariant(i, { sku: e.currentTarget.value })} error={fe(`variants.${i}.sku`)} data-testid="product-variant-sku" />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      value={v.barcode ?? ""}
                      onChange={(e) => setVariant(i, { barcode: e.currentTarget.value })}
                      error={fe(`variants.${i}.barcode`)}
                      data-testid="product-variant-barcode"
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      min={0}
                      allowDecimal={false}
                      thousandSeparator="."
                      decimalSeparator=","
                      placeholder={t("productForm.samePrice")}
                      value={v.price ?? ""}
                      onChange={(p) => setVariant(i, { price: p === "" ? null : Number(p) })}
                      error={fe(`variants.${i}.price`)}
                      data-testid="product-variant-price"
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>

        <Paper withBorder p="md">
          <Title order={4} mb={4}>
            {t("productForm.accounts")}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t("productForm.accountsHint")}
          </Text>
          {list.length === 0 && accounts.isSuccess && <Alert color="yellow">{t("productForm.noAccounts")}</Alert>}
          <Stack gap="sm">
            {list.map((a) => {
              const on = !form.excluded.includes(a.accountId);
              const at = targetIndex(a.accountId);
              return (
                <Group key={a.accountId} align="flex-start" data-testid="product-target" data-vendor={a.vendor}>
                  <Checkbox
                    mt={6}
                    w={280}
                    checked={on}
                    onChange={(e) => toggle(a.accountId, e.currentTarget.checked)}
                    label={`${t(`vendors.${a.vendor}`)} · ${labelOf(a.accountId)}`}
                    data-testid="product-target-check"
                  />
                  {on && (
                    <Stack gap={6} style={{ flex: 1 }}>
                  {a.vendor === "onflow" && (
                    <MultiSelect
                      style={{ flex: 1 }}
                      label={t("productForm.warehouses")}
                      data={a.warehouses.map((w) => ({ value: w.id, label: w.name || w.id }))}
                      value={warehousesOf(form, a)}
                      onChange={(codes) => set({ warehouses: { ...form.warehouses, [a.accountId]: codes } })}
                      error={at >= 0 ? fe(`targets.${at}.fields.warehouseCodes`) : undefined}
                      data-testid="product-warehouses"
                      comboboxProps={{ withinPortal: false }}
                    />
                  )}
                      <VendorFieldsPicker account={a} form={form} set={set} error={(path) => (at >= 0 ? fe(`targets.${at}.fields.${path}`) : undefined)} />
                    </Stack>
                  )}
                </Group>
              );
            })}
          </Stack>
        </Paper>

        {Object.keys(fields).length > 0 && (
          <Alert color="red" data-testid="product-invalid">
            <Text size="sm">{t("productForm.fixErrors")}</Text>
            {unplaced.map((f) => (
              <Text key={f} size="xs" data-testid="product-invalid-field" data-field={f}>
                {fe(f)}
              </Text>
            ))}
          </Alert>
        )}
        {Object.keys(fields).length === 0 && <FormError error={submit.error} />}
        <Group justify="flex-end" pb="md">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={send} disabled={!canSend} loading={submit.isPending} data-testid="product-submit">
            {t("productForm.submit", { count: draft.targets.length })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
