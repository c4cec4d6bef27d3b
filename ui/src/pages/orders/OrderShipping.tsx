import { Anchor, Button, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconExternalLink, IconPrinter, IconTruckDelivery } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import i18n from "../../i18n";
import { ipc, type OrderDetail, type OrderRow } from "../../ipc";
import { formatDateTime, formatNumber, formatVnd } from "../../lib/format";
import { useOpenTracking, usePrintLabel, useTrackingLink } from "../../queries/orders";

function Field({ label, children, testId }: { label: string; children: React.ReactNode; testId: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}

/**
 * The order's delivery facts: carrier, tracking code with the vendor's tracking page (Pancake, Nhanh), COD, item
 * count, last update.
 */
export function OrderShipping({ row, detail }: { row: OrderRow; detail: OrderDetail | null | undefined }) {
  const { t } = useTranslation();
  // Onflow documents no tracking page: nothing is asked
  const link = useTrackingLink(row.accountId, row.vendorOrderId, row.vendor !== "onflow");
  const open = useOpenTracking(row.accountId, row.vendorOrderId);
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} data-testid="order-shipping">
      <Field label={t("orders.detail.carrier")} testId="detail-carrier">
        {detail?.carrier ?? "—"}
      </Field>
      <Field label={t("orders.detail.trackingCode")} testId="detail-tracking-code">
        <Group gap={4} wrap="nowrap">
          <Text size="sm" ff="monospace">
            {detail?.trackingCode ?? "—"}
          </Text>
        </Group>
        {link.data && (
          <Anchor
            size="xs"
            component="button"
            type="button"
            onClick={() => open.mutate()}
            data-testid="detail-tracking-link"
            data-url={link.data}
          >
            <Group gap={2} wrap="nowrap">
              <IconExternalLink size={12} />
              {t("orders.detail.trackingOpen")}
            </Group>
          </Anchor>
        )}
      </Field>
      <Field label={t("orders.detail.cod")} testId="detail-cod">
        {row.vendor === "onflow" ? "—" : formatVnd(row.cod)}
      </Field>
      <Field label={t("orders.detail.itemCount")} testId="detail-item-count">
        {formatNumber(row.itemCount)}
      </Field>
      <Field label={t("orders.detail.updated")} testId="detail-updated">
        {formatDateTime(row.updatedAt)}
      </Field>
    </SimpleGrid>
  );
}

const SLIP_ID = "shopdesk-print-slip";
/** On screen the slip is hidden; in print only the slip shows, on one A5 page. */
const SLIP_CSS = `@media screen { #${SLIP_ID} { display: none; } }
@media print {
  body > *:not(#${SLIP_ID}) { display: none !important; }
  #${SLIP_ID} { display: block; font-family: sans-serif; font-size: 11pt; color: #000; }
  #${SLIP_ID} table { width: 100%; border-collapse: collapse; }
  #${SLIP_ID} th, #${SLIP_ID} td { border: 1px solid #000; padding: 2pt 4pt; text-align: left; }
  #${SLIP_ID} .num { text-align: right; }
  @page { size: A5; margin: 8mm; }
}`;

/** Our own packing slip: one page, always in Vietnamese (what goes into the parcel), printed from the window. */
export function PackingSlip({ row, detail, shop }: { row: OrderRow; detail: OrderDetail; shop: string }) {
  const t = i18n.getFixedT("vi");
  return (
    <div lang="vi" data-testid="packing-slip" data-order={row.vendorOrderId}>
      <h2 style={{ margin: "0 0 4pt" }}>{t("orders.print.slipTitle")}</h2>
      <p style={{ margin: 0 }}>
        {shop} · {t("orders.print.order")} <b>{row.vendorOrderId}</b>
        {row.clientRef ? ` · ${row.clientRef}` : ""} · {formatDateTime(row.createdAt)}
      </p>
      <p style={{ margin: "6pt 0 0" }}>
        <b>{t("orders.print.to")}</b> {row.customerName || "—"} · {row.phone}
      </p>
      <p style={{ margin: 0 }}>{row.address}</p>
      {(detail.carrier || detail.trackingCode) && (
        <p style={{ margin: "4pt 0 0" }}>
          <b>{t("orders.print.carrier")}</b> {detail.carrier ?? ""} {detail.trackingCode ?? ""}
        </p>
      )}
      <table style={{ marginTop: "6pt" }}>
        <thead>
          <tr>
            <th>SKU</th>
            <th>{t("orders.print.product")}</th>
            <th className="num">{t("orders.print.quantity")}</th>
            <th className="num">{t("orders.print.price")}</th>
          </tr>
        </thead>
        <tbody>
          {detail.items.map((i, n) => (
            <tr key={`${i.sku}-${n}`}>
              <td>{i.sku}</td>
              <td>{i.name}</td>
              <td className="num">{formatNumber(i.quantity)}</td>
              <td className="num">{formatVnd(i.unitPrice - i.discount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p style={{ margin: "6pt 0 0" }}>
        {t("orders.print.itemCount", { count: row.itemCount })}
        {row.vendor !== "onflow" && (
          <>
            {" · "}
            {t("orders.print.total")} <b>{formatVnd(row.total)}</b> · {t("orders.print.cod")} <b>{formatVnd(row.cod)}</b>
          </>
        )}
      </p>
      <p style={{ margin: "14pt 0 0" }}>{t("orders.print.packedBy")}</p>
    </div>
  );
}

/** The print actions of an order: the vendor's shipping label (Pancake) and our own packing slip. */
export function OrderPrint({ row, detail, shop }: { row: OrderRow; detail: OrderDetail | null | undefined; shop: string }) {
  const { t } = useTranslation();
  const label = usePrintLabel(row.accountId, row.vendorOrderId);
  const [slip, setSlip] = useState<"idle" | "printing" | "captured" | "printed">("idle");
  const slipRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (slip !== "printing") return;
    const html = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${row.vendorOrderId}</title><body>${slipRef.current?.innerHTML ?? ""}</body></html>`;
    let cancelled = false;
    // under the print seam the page is written to a file; otherwise the window prints it
    void ipc
      .orderSlipCapture(row.vendorOrderId, html)
      .then((captured) => {
        if (cancelled) return;
        if (!captured) window.print();
        setSlip(captured ? "captured" : "printed");
      })
      .catch(() => {
        if (cancelled) return;
        window.print();
        setSlip("printed");
      });
    return () => {
      cancelled = true;
    };
  }, [slip, row.vendorOrderId]);
  return (
    <>
      {row.vendor === "pancake" && (
        <Button
          variant="light"
          leftSection={<IconTruckDelivery size={16} />}
          loading={label.isPending}
          onClick={() =>
            label.mutate(undefined, {
              onSuccess: (path) => notifications.show({ color: "teal", message: t("orders.print.labelDone", { path }) }),
            })
          }
          data-testid="order-print-label"
          data-status={label.isSuccess ? "done" : label.isError ? "error" : label.isPending ? "pending" : "idle"}
          data-path={label.data ?? ""}
        >
          {t("orders.print.label")}
        </Button>
      )}
      {detail && (
        <Button
          variant="light"
          leftSection={<IconPrinter size={16} />}
          onClick={() => setSlip("printing")}
          loading={slip === "printing"}
          data-testid="order-print-slip"
          data-status={slip}
        >
          {t("orders.print.slip")}
        </Button>
      )}
      {detail &&
        createPortal(
          <div id={SLIP_ID} ref={slipRef}>
            <style>{SLIP_CSS}</style>
            <PackingSlip row={row} detail={detail} shop={shop} />
          </div>,
          document.body,
        )}
    </>
  );
}
