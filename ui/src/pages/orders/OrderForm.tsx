import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { AddressPicker, addressComplete, type PickedAddress } from "../../components/AddressPicker";
import { FormError, fieldError } from "../../components/FormError";
import { PageHeader } from "../../components/PageHeader";
import { useWorkspace } from "../../hooks/accounts";
import { ipc, toAppError, type CatalogItem, type GeoMatch, type OrderDraft, type Vendor } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { formatNumber, formatVnd } from "../../lib/format";
import { codOf, sellableIn, type ItemRow } from "../../lib/orders";
import { DocumentPicker } from "../files/DocumentPicker";

const PLATFORMS = ["shopee", "lazada", "tiktok", "tiki"];

/** The order form: one account and warehouse, the customer, the address, items from the local catalog. */
export function OrderForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const ws = useWorkspace().data;
  const targets = useQuery({ queryKey: ["stock", "order-targets"], queryFn: ipc.orderTargets });

  const [accountId, setAccountId] = useState<string | null>(null);
  const [pickedWarehouse, setWarehouseId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [address, setAddress] = useState<PickedAddress>({ street: "", option: null });
  const [items, setItems] = useState<ItemRow[]>([]);
  const [orderDiscount, setOrderDiscount] = useState(0);
  const [shippingFee, setShippingFee] = useState(0);
  const [codManual, setCodManual] = useState(false);
  const [cod, setCod] = useState(0);
  const [note, setNote] = useState("");
  const [allowShort, setAllowShort] = useState(false);
  const [platform, setPlatform] = useState<string | null>(null);
  const [marketplaceRef, setMarketplaceRef] = useState("");
  const [waybill, setWaybill] = useState("");
  const [documents, setDocuments] = useState<string[]>([]);
  const [carrierId, setCarrierId] = useState<number | "">("");
  const [carrierServiceId, setCarrierServiceId] = useState<number | "">("");
  const [orderSource, setOrderSource] = useState<number | "">("");
  const [geoPick, setGeoPick] = useState<Record<string, string>>({});

  const target = targets.data?.find((x) => x.accountId === accountId) ?? null;
  // the first warehouse by default, also when the warehouses arrive after the account was chosen
  const warehouseId = pickedWarehouse ?? target?.warehouses[0]?.id ?? null;
  const vendor: Vendor | null = target?.vendor ?? null;
  const accounts = ws?.accounts ?? [];
  const labelOf = (id: string) => {
    const a = accounts.find((x) => x.id === id);
    return a ? accountLabel(a, t) : id;
  };

  const geo = useQuery({
    queryKey: ["orders", "geo", accountId, address.option],
    queryFn: () => (accountId && address.option ? ipc.addressResolve(accountId, address.option) : null),
    enabled: !!accountId && addressComplete(address),
    retry: false,
  });

  const options = useQuery({
    queryKey: ["orders", "options", accountId],
    queryFn: () => ipc.orderOptions(accountId ?? ""),
    enabled: !!accountId && (vendor === "nhanh" || vendor === "pancake"),
    staleTime: 10 * 60 * 1000,
  });

  const submit = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (draft: OrderDraft) => ipc.orderSubmit(draft),
    onSuccess: (entry) => {
      notifications.show({ color: "teal", message: t("orders.form.queued", { ref: entry.client_ref }) });
      void qc.invalidateQueries({ queryKey: ["orders"] });
      navigate("/orders?tab=sent");
    },
  });

  const short = items.filter((r) => {
    const s = warehouseId ? sellableIn(r.item, warehouseId) : null;
    return s !== null && r.quantity > s;
  });
  const totals = useMemo(() => {
    const lines = items.reduce((n, r) => n + r.quantity * (r.unitPrice - r.discount), 0);
    return { lines, cod: codOf(items, orderDiscount, shippingFee) };
  }, [items, orderDiscount, shippingFee]);

  const fe = (field: string) => fieldError(submit.error, field, t);
  const geoMatch = geo.data ?? undefined;
  const geoIds = resolvedIds(geoMatch, geoPick);

  const send = () => {
    const legacy = address.option?.legacy ?? null;
    const n = address.option?.new ?? null;
    const draft: OrderDraft = {
      customer: { name, phone, email: null },
      address: {
        line1: address.street,
        line2: null,
        ward: legacy?.wardName ?? n?.wardName ?? null,
        district: legacy?.districtName ?? null,
        province: legacy?.provinceName ?? n?.provinceName ?? null,
        geo: geoIds,
      },
      items: items.map((r) => ({
        sku: r.item.sku ?? "",
        product_id: r.item.vendorProductId || null,
        variation_id: r.item.vendorVariationId || null,
        quantity: r.quantity,
        unit_price: r.unitPrice,
        discount: r.discount,
      })),
      order_discount: orderDiscount,
      shipping_fee: shippingFee,
      cod: codManual ? cod : null,
      note: note.trim() ? note : null,
      target: { account_id: accountId ?? "", vendor: vendor ?? "pancake", warehouse_id: warehouseId ?? "" },
      extras: {
        onflow:
          vendor === "onflow"
            ? {
                platform: platform ?? "",
                marketplace_order_ref: marketplaceRef || null,
                waybill: waybill || null,
                document_urls: documents,
              }
            : null,
        nhanh:
          vendor === "nhanh"
            ? {
                carrier_id: carrierId === "" ? null : carrierId,
                carrier_service_id: carrierServiceId === "" ? null : carrierServiceId,
              }
            : null,
        pancake: vendor === "pancake" ? { order_source: orderSource === "" ? null : orderSource } : null,
      },
    };
    submit.mutate(draft);
  };

  const blocked = !accountId || (short.length > 0 && !allowShort) || submit.isPending;

  return (
    <Stack maw={1100}>
      <PageHeader title={t("orders.form.title")} />
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t("orders.form.target")}
        </Title>
        <Grid>
          <Grid.Col span={6}>
            <Select
              label={t("orders.form.account")}
              data={(targets.data ?? []).map((x) => ({
                value: x.accountId,
                label: `${labelOf(x.accountId)} · ${t(`vendors.${x.vendor}`)}`,
              }))}
              value={accountId}
              onChange={(v) => {
                setAccountId(v);
                setWarehouseId(null);
                setItems([]);
                setGeoPick({});
              }}
              required
              data-testid="order-account"
              comboboxProps={{ withinPortal: false }}
              error={fe("target.account_id")}
            />
          </Grid.Col>
          <Grid.Col span={6}>
            <Select
              label={t(vendor === "nhanh" ? "orders.form.depot" : "orders.form.warehouse")}
              data={(target?.warehouses ?? []).map((w) => ({ value: w.id, label: w.name }))}
              value={warehouseId}
              onChange={setWarehouseId}
              required
              disabled={!target}
              data-testid="order-warehouse"
              comboboxProps={{ withinPortal: false }}
              error={fe("target.warehouse_id")}
            />
          </Grid.Col>
        </Grid>
      </Paper>

      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t("orders.form.customer")}
        </Title>
        {vendor === "onflow" && (
          <Text size="sm" c="dimmed" mb="xs">
            {t("orders.form.onflowBuyerOptional")}
          </Text>
        )}
        <Grid>
          <Grid.Col span={6}>
            <TextInput
              label={t("orders.form.name")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fe("customer.name")}
              data-testid="order-name"
            />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput
              label={t("orders.form.phone")}
              placeholder="0912 345 678"
              value={phone}
              onChange={(e) => setPhone(e.currentTarget.value)}
              error={fe("customer.phone")}
              data-testid="order-phone"
            />
          </Grid.Col>
        </Grid>
        <AddressPicker value={address} onChange={setAddress} error={fe("address.line1") ?? fe("address.geo")} />
        {accountId && addressComplete(address) && (
          <GeoStatus
            match={geoMatch}
            loading={geo.isFetching}
            error={geo.error}
            vendor={vendor}
            picks={geoPick}
            onPick={(level, id) => setGeoPick((p) => ({ ...p, [level]: id }))}
          />
        )}
      </Paper>

      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t("orders.form.items")}
        </Title>
        {accountId ? (
          <ItemSearch
            accountId={accountId}
            onPick={(item) =>
              setItems((rows) => [
                ...rows,
                { key: `${item.vendorProductId}/${item.vendorVariationId}/${rows.length}`, item, quantity: 1, unitPrice: item.priceVnd ?? 0, discount: 0 },
              ])
            }
          />
        ) : (
          <Text c="dimmed" size="sm">
            {t("orders.form.pickAccountFirst")}
          </Text>
        )}
        {fe("items") && (
          <Text c="red" size="sm" mt="xs" data-testid="items-error">
            {fe("items")}
          </Text>
        )}
        {items.length > 0 && (
          <Table mt="sm" data-testid="order-items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("orders.form.product")}</Table.Th>
                <Table.Th>{t("orders.form.stock")}</Table.Th>
                <Table.Th>{t("orders.form.quantity")}</Table.Th>
                <Table.Th>{t("orders.form.unitPrice")}</Table.Th>
                <Table.Th>{t("orders.form.discount")}</Table.Th>
                <Table.Th>{t("orders.form.lineTotal")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r, i) => {
                const s = warehouseId ? sellableIn(r.item, warehouseId) : null;
                const isShort = s !== null && r.quantity > s;
                const set = (patch: Partial<ItemRow>) =>
                  setItems((rows) => rows.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                return (
                  <Table.Tr key={r.key} data-testid="order-item">
                    <Table.Td>
                      <Text size="sm">{r.item.name}</Text>
                      <Text size="xs" c="dimmed">
                        {r.item.sku}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {s === null ? (
                        <Text size="sm" c="dimmed">
                          {t("orders.form.stockUnknown")}
                        </Text>
                      ) : (
                        <Badge color={isShort ? "red" : "teal"} variant="light" data-testid="item-stock">
                          {formatNumber(s)}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        w={90}
                        min={1}
                        value={r.quantity}
                        onChange={(v) => set({ quantity: Number(v) || 0 })}
                        error={fe(`items[${i}].quantity`)}
                        data-testid="item-quantity"
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput w={130} min={0} thousandSeparator="." decimalSeparator="," value={r.unitPrice} onChange={(v) => set({ unitPrice: Number(v) || 0 })} error={fe(`items[${i}].unit_price`)} />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput w={110} min={0} thousandSeparator="." decimalSeparator="," value={r.discount} onChange={(v) => set({ discount: Number(v) || 0 })} error={fe(`items[${i}].discount`)} />
                    </Table.Td>
                    <Table.Td>{formatVnd(r.quantity * (r.unitPrice - r.discount))}</Table.Td>
                    <Table.Td>
                      <ActionIcon variant="subtle" color="red" aria-label={t("common.remove")} onClick={() => setItems((rows) => rows.filter((_, j) => j !== i))}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        {short.length > 0 && (
          <Alert color="orange" mt="sm" data-testid="short-warning">
            <Text size="sm">{t("orders.form.shortWarning", { count: short.length })}</Text>
            <Checkbox mt="xs" label={t("orders.form.allowShort")} checked={allowShort} onChange={(e) => setAllowShort(e.currentTarget.checked)} />
          </Alert>
        )}
      </Paper>

      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t("orders.form.payment")}
        </Title>
        <Grid>
          <Grid.Col span={4}>
            <NumberInput label={t("orders.form.orderDiscount")} min={0} thousandSeparator="." decimalSeparator="," value={orderDiscount} onChange={(v) => setOrderDiscount(Number(v) || 0)} error={fe("order_discount")} />
          </Grid.Col>
          <Grid.Col span={4}>
            <NumberInput label={t("orders.form.shippingFee")} min={0} thousandSeparator="." decimalSeparator="," value={shippingFee} onChange={(v) => setShippingFee(Number(v) || 0)} error={fe("shipping_fee")} />
          </Grid.Col>
          <Grid.Col span={4}>
            <NumberInput
              label={t("orders.form.cod")}
              thousandSeparator="."
              decimalSeparator=","
              value={codManual ? cod : totals.cod}
              disabled={!codManual}
              onChange={(v) => setCod(Number(v) || 0)}
              error={fe("cod")}
              data-testid="order-cod"
            />
            <Switch mt={6} size="xs" label={t("orders.form.codManual")} checked={codManual} onChange={(e) => { setCodManual(e.currentTarget.checked); setCod(totals.cod); }} />
          </Grid.Col>
        </Grid>
        <Group mt="sm" gap="xl">
          <Text size="sm">
            {t("orders.form.itemsTotal")}: <b>{formatVnd(totals.lines)}</b>
          </Text>
          <Text size="sm">
            {t("orders.form.total")}: <b data-testid="order-total">{formatVnd(totals.cod)}</b>
          </Text>
        </Group>
        <Textarea mt="sm" label={t("orders.form.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fe("note")} autosize minRows={2} />
      </Paper>

      {vendor && (
        <Paper withBorder p="md" data-testid={`order-extras-${vendor}`}>
          <Title order={4} mb="sm">
            {t("orders.form.vendorFields", { vendor: t(`vendors.${vendor}`) })}
          </Title>
          {vendor === "onflow" && (
            <Stack>
              <Grid>
                <Grid.Col span={4}>
                  <Select
                    label={t("orders.form.platform")}
                    data={PLATFORMS.map((p) => ({ value: p, label: t(`orders.platforms.${p}`) }))}
                    value={platform}
                    onChange={setPlatform}
                    required
                    error={fe("extras.onflow.platform") ?? fe("extras.onflow")}
                    data-testid="order-platform"
                    comboboxProps={{ withinPortal: false }}
                  />
                </Grid.Col>
                <Grid.Col span={4}>
                  <TextInput label={t("orders.form.marketplaceRef")} value={marketplaceRef} onChange={(e) => setMarketplaceRef(e.currentTarget.value)} data-testid="order-marketplace-ref" />
                </Grid.Col>
                <Grid.Col span={4}>
                  <TextInput label={t("orders.form.waybill")} value={waybill} onChange={(e) => setWaybill(e.currentTarget.value)} data-testid="order-waybill" />
                </Grid.Col>
              </Grid>
              <DocumentPicker accountId={accountId ?? ""} value={documents} onChange={setDocuments} />
            </Stack>
          )}
          {vendor === "nhanh" && (
            <Grid>
              <Grid.Col span={6}>
                <Select
                  label={t("orders.form.carrier")}
                  description={t("orders.form.carrierHint")}
                  clearable
                  data={(options.data?.carriers ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
                  value={carrierId === "" ? null : String(carrierId)}
                  onChange={(v) => {
                    setCarrierId(v ? Number(v) : "");
                    setCarrierServiceId("");
                  }}
                  data-testid="order-carrier"
                  comboboxProps={{ withinPortal: false }}
                />
              </Grid.Col>
              <Grid.Col span={6}>
                <Select
                  label={t("orders.form.carrierService")}
                  clearable
                  disabled={carrierId === ""}
                  data={(options.data?.carriers.find((c) => c.id === carrierId)?.services ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
                  value={carrierServiceId === "" ? null : String(carrierServiceId)}
                  onChange={(v) => setCarrierServiceId(v ? Number(v) : "")}
                  comboboxProps={{ withinPortal: false }}
                />
              </Grid.Col>
            </Grid>
          )}
          {vendor === "pancake" && (
            <Select
              w={320}
              label={t("orders.form.orderSource")}
              description={t("orders.form.orderSourceHint")}
              clearable
              data={(options.data?.sources ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
              value={orderSource === "" ? null : String(orderSource)}
              onChange={(v) => setOrderSource(v ? Number(v) : "")}
              data-testid="order-source"
              comboboxProps={{ withinPortal: false }}
            />
          )}
        </Paper>
      )}

      <FormError error={submit.error} />
      {submit.error && Object.keys(toAppError(submit.error).details?.fields ?? {}).length > 0 && (
        <Alert color="red" data-testid="order-invalid">
          {t("orders.form.fixErrors")}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={() => navigate("/orders")}>
          {t("common.cancel")}
        </Button>
        <Button onClick={send} disabled={blocked} loading={submit.isPending} data-testid="order-submit">
          {t("orders.form.submit")}
        </Button>
      </Group>
    </Stack>
  );
}

/** The vendor's ids for the picked address; `geoPick` holds the user's choices for unresolved levels. */
function resolvedIds(match: GeoMatch | undefined, picks: Record<string, string>) {
  return {
    province_id: picks.province ?? match?.province?.id ?? null,
    district_id: picks.district ?? match?.district?.id ?? null,
    ward_id: picks.ward ?? match?.ward?.id ?? null,
  };
}

function GeoStatus({
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
  picks: Record<string, string>;
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

/** Search the target account's catalog by SKU, name or barcode; shows stock per warehouse. */
function ItemSearch({ accountId, onPick }: { accountId: string; onPick: (item: CatalogItem) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 150);
  const found = useQuery({
    // catalog rows come from the stock cache: a stock sync refreshes them
    queryKey: ["stock", "catalog", accountId, debounced],
    queryFn: () => ipc.catalogSearch(accountId, debounced),
    placeholderData: (prev) => prev,
  });
  const list = found.data ?? [];
  const key = (i: CatalogItem) => `${i.vendorProductId}/${i.vendorVariationId}`;
  return (
    <Select
      label={t("orders.form.addItem")}
      placeholder={t("orders.form.addItemPlaceholder")}
      searchable
      data={list.map((i) => ({ value: key(i), label: `${i.sku ?? ""} · ${i.name}` }))}
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(v) => {
        const item = list.find((i) => key(i) === v);
        if (item) {
          onPick(item);
          setSearch("");
        }
      }}
      nothingFoundMessage={t("orders.form.noProduct")}
      data-testid="item-search"
      comboboxProps={{ withinPortal: false }}
      renderOption={({ option }) => {
        const item = list.find((i) => key(i) === option.value);
        return (
          <Stack gap={0} data-testid="item-option">
            <Text size="sm">{option.label}</Text>
            {item && (
              <Text size="xs" c="dimmed">
                {item.priceVnd !== null ? formatVnd(item.priceVnd) : ""}
                {item.stock.map((s) => ` · ${s.warehouseName}: ${s.available ?? s.onHand ?? "–"}`).join("")}
              </Text>
            )}
          </Stack>
        );
      }}
    />
  );
}
