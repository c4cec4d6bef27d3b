import { Alert, Button, Grid, Group, Paper, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { AddressPicker, addressComplete, type PickedAddress } from "../../components/AddressPicker";
import { FormError, fieldError } from "../../components/FormError";
import { PageHeader } from "../../components/PageHeader";
import { StoredError } from "../../components/StoredError";
import { sendErrorShown } from "../../lib/storedErrors";
import { ipc, toAppError, type CatalogItem, type OutboxEntry, type Vendor } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import {
  addScanned,
  buildDraft,
  canSubmit,
  EMPTY_VENDOR_FIELDS,
  newItemRow,
  orderTotals,
  resolvedIds,
  shortItems,
  type GeoPicks,
  type ItemRow,
  type VendorFields,
} from "../../lib/orders";
import { sameCode } from "../../lib/scanner";
import { useScanner } from "../../lib/useScanner";
import { useWorkspace } from "../../queries/accounts";
import { keys } from "../../queries/keys";
import { useGeoResolve, useOrderTargets, useResendOrder, useSubmitOrder } from "../../queries/orders";
import { fixStart, keptAddressText } from "./fixStart";
import { CustomerOffers } from "./form/CustomerOffers";
import { GeoStatus } from "./form/GeoStatus";
import { ItemSearch } from "./form/ItemSearch";
import { ItemsTable, ShortWarning } from "./form/ItemsTable";
import { PaymentSection, type Payment } from "./form/PaymentSection";
import { VendorExtras } from "./form/VendorExtras";

/** What the last scan did, shown under the items (the visual confirmation; no sound). */
type ScanResult = { state: "added"; code: string; name: string; quantity: number } | { state: "unknown" | "noAccount" | "failed"; code: string };

/** The catalog item a scanned code names: its barcode, else its SKU (case-insensitive). */
function scannedItem(found: CatalogItem[], code: string): CatalogItem | undefined {
  return found.find((i) => sameCode(i.barcode, code)) ?? found.find((i) => sameCode(i.sku, code));
}

const NO_PAYMENT: Payment = { orderDiscount: 0, shippingFee: 0, codManual: false, cod: 0, note: "" };

/**
 * The order form: one account and warehouse, the customer, the address, items from the local catalog. With `fix`
 * (a refused outbox entry) it opens prefilled with that order and sends the fixed copy under a new reference.
 */
export function OrderForm({ fix }: { fix?: OutboxEntry } = {}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ws = useWorkspace().data;
  const targets = useOrderTargets();
  const [start] = useState(() => (fix ? fixStart(fix) : null));

  const [accountId, setAccountId] = useState<string | null>(start?.accountId ?? null);
  const [pickedWarehouse, setWarehouseId] = useState<string | null>(start?.warehouseId ?? null);
  const [name, setName] = useState(start?.name ?? "");
  const [phone, setPhone] = useState(start?.phone ?? "");
  const [address, setAddress] = useState<PickedAddress>({ street: start?.street ?? "", option: null });
  const [items, setItems] = useState<ItemRow[]>(start?.items ?? []);
  const [payment, setPayment] = useState<Payment>(start?.payment ?? NO_PAYMENT);
  const [allowShort, setAllowShort] = useState(false);
  const [vendorFields, setVendorFields] = useState<VendorFields>(start?.vendorFields ?? EMPTY_VENDOR_FIELDS);
  const [geoPick, setGeoPick] = useState<GeoPicks>({});
  const [scan, setScan] = useState<ScanResult | null>(null);
  const [scans, setScans] = useState(0);
  const [flash, setFlash] = useState<string | null>(null);
  const qc = useQueryClient();
  // the lines as of the last render, for a scan answered after it
  const itemsNow = useRef(items);
  useEffect(() => {
    itemsNow.current = items;
  }, [items]);

  const target = targets.data?.find((x) => x.accountId === accountId) ?? null;
  // the first warehouse by default, also when the warehouses arrive after the account was chosen
  const warehouseId = pickedWarehouse ?? target?.warehouses[0]?.id ?? null;
  const vendor: Vendor | null = target?.vendor ?? null;
  const accounts = ws?.accounts ?? [];
  const labelOf = (id: string) => {
    const a = accounts.find((x) => x.id === id);
    return a ? accountLabel(a, t) : id;
  };

  const complete = addressComplete(address);
  const geo = useGeoResolve(accountId, address.option, complete);
  const created = useSubmitOrder();
  const resend = useResendOrder();
  const submit = fix ? resend : created;

  const short = shortItems(items, warehouseId);
  const totals = useMemo(() => orderTotals(items, payment.orderDiscount, payment.shippingFee), [items, payment.orderDiscount, payment.shippingFee]);

  const fe = (field: string) => fieldError(submit.error, field, t);
  const geoMatch = geo.data ?? undefined;

  // a scan's highlight fades after a moment (the status line stays until the next scan)
  useEffect(() => {
    if (!flash) return;
    const id = window.setTimeout(() => setFlash(null), 1500);
    return () => window.clearTimeout(id);
  }, [flash, scans]);

  // A barcode scanner anywhere on the form (but in a field being typed in, see useScanner) adds the item.
  useScanner((code, target) => {
    if (target instanceof HTMLElement && target.dataset.scan === "accept") setScans((n) => n + 1);
    if (!accountId) {
      setScan({ state: "noAccount", code });
      return;
    }
    void qc
      .fetchQuery({ queryKey: keys.catalog.search(accountId, code), queryFn: () => ipc.catalogSearch(accountId, code) })
      .then((found) => {
        const item = scannedItem(found, code);
        if (!item) {
          setScan({ state: "unknown", code });
          return;
        }
        const next = addScanned(itemsNow.current, item);
        itemsNow.current = next.rows;
        const row = next.rows[next.index];
        setItems(next.rows);
        setScans((n) => n + 1);
        setFlash(row?.key ?? null);
        setScan({ state: "added", code, name: item.name, quantity: row?.quantity ?? 1 });
      })
      .catch(() => setScan({ state: "failed", code }));
  });

  const send = () => {
    const draft = buildDraft({
        accountId,
        vendor,
        warehouseId,
        name,
        phone,
        street: address.street,
        address: address.option,
        geo: resolvedIds(geoMatch, geoPick),
        items,
        orderDiscount: payment.orderDiscount,
        shippingFee: payment.shippingFee,
        cod: payment.codManual ? payment.cod : null,
        note: payment.note,
        vendorFields,
      });
    // fixing: the address typed before stays unless another one was picked
    if (fix && !address.option) draft.address = { ...fix.draft.address, line1: address.street };
    const onSuccess = (entry: OutboxEntry) => {
      notifications.show({
        color: "teal",
        message: fix ? t("orders.fix.resent", { ref: entry.clientRef, old: fix.clientRef }) : t("orders.form.queued", { ref: entry.clientRef }),
      });
      navigate("/orders?tab=sent");
    };
    if (fix) resend.mutate({ id: fix.id, draft }, { onSuccess });
    else created.mutate(draft, { onSuccess });
  };

  const blocked = !canSubmit({ accountId, shortCount: short.length, allowShort }) || submit.isPending;

  return (
    <Stack maw={1100}>
      <PageHeader title={fix ? t("orders.fix.title", { ref: fix.clientRef }) : t("orders.form.title")} />
      {fix && (
        <Alert color="orange" data-testid="order-fixing" data-ref={fix.clientRef}>
          <Text size="sm">{t("orders.fix.intro", { ref: fix.clientRef })}</Text>
          <StoredError error={sendErrorShown(fix, t)} testId="order-fixing-error" />
        </Alert>
      )}
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
              error={fe("target.accountId")}
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
              error={fe("target.warehouseId")}
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
              placeholder={t("orders.form.phonePlaceholder")}
              value={phone}
              onChange={(e) => setPhone(e.currentTarget.value)}
              error={fe("customer.phone")}
              data-testid="order-phone"
            />
            <CustomerOffers
              phone={phone}
              onUse={(o) => {
                if (o.customer.name) setName(o.customer.name);
                setPhone(o.customer.phone);
                if (o.address) setAddress({ street: o.address.street ?? o.customer.street ?? "", option: o.address });
                else if (o.customer.street) setAddress((a) => ({ ...a, street: o.customer.street ?? "" }));
                setGeoPick({});
              }}
            />
          </Grid.Col>
        </Grid>
        {fix && !address.option && (
          <Text size="sm" c="dimmed" mt="xs" data-testid="order-kept-address">
            {t("orders.fix.keptAddress", { address: keptAddressText(fix.draft.address) })}
          </Text>
        )}
        <AddressPicker value={address} onChange={setAddress} error={fe("address.line1") ?? fe("address.geo")} />
        {accountId && complete && (
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
          <ItemSearch accountId={accountId} onPick={(item) => setItems((rows) => [...rows, newItemRow(item, rows.length)])} scans={scans} />
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
        {scan && (
          <Text
            size="sm"
            mt="xs"
            role="status"
            c={scan.state === "added" ? "teal" : "red"}
            data-testid="scan-status"
            data-state={scan.state}
            data-code={scan.code}
          >
            {scan.state === "added"
              ? t("scan.added", { name: scan.name, quantity: scan.quantity, code: scan.code })
              : t(`scan.${scan.state}`, { code: scan.code })}
          </Text>
        )}
        <ItemsTable items={items} warehouseId={warehouseId} onChange={setItems} fieldError={fe} flash={flash} />
        <ShortWarning count={short.length} allowed={allowShort} onAllow={setAllowShort} />
      </Paper>

      <PaymentSection value={payment} onChange={(patch) => setPayment((p) => ({ ...p, ...patch }))} totals={totals} fieldError={fe} />

      {vendor && <VendorExtras vendor={vendor} accountId={accountId ?? ""} value={vendorFields} onChange={setVendorFields} fieldError={fe} />}

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
          {fix ? t("orders.fix.submit") : t("orders.form.submit")}
        </Button>
      </Group>
    </Stack>
  );
}
