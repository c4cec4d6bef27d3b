import { Alert, Badge, Button, Card, Drawer, Group, Image, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { IconAdjustments } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { DetailListing, GroupDetail, StockChange, Vendor } from "../../ipc";
import { formatDateTime, formatNumber, formatVnd } from "../../lib/format";
import { useStockDetail } from "../../queries/stock";

const figure = (n: number | null) => (n === null ? "–" : formatNumber(n));

/** "40 → 35" for a figure that moved, "40" for one that did not. */
function Move({ before, after }: { before: number; after: number }) {
  if (before === after) return <Text size="sm">{formatNumber(after)}</Text>;
  return (
    <Text size="sm" c={after < before ? "red" : "teal"}>
      {formatNumber(before)} → {formatNumber(after)}
    </Text>
  );
}

/** One vendor listing: its account, codes, price, images, and every figure the vendor reported per warehouse. */
function ListingCard({ listing }: { listing: DetailListing }) {
  const { t } = useTranslation();
  const images = listing.imageUrls.slice(0, 4);
  return (
    <Card withBorder padding="sm" data-testid="detail-listing" data-vendor={listing.vendor}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Badge size="sm" variant="light">
              {t(`vendors.${listing.vendor}`)}
            </Badge>
            <Text size="sm" fw={600}>
              {listing.accountLabel}
            </Text>
          </Group>
          <Text size="sm" mt={4}>
            {listing.name}
          </Text>
          <Text size="xs" c="dimmed">
            {[listing.sku, listing.barcode].filter(Boolean).join(" · ") || t("stockDetail.noCodes")}
            {listing.priceVnd !== null && ` · ${formatVnd(listing.priceVnd)}`}
          </Text>
          {listing.updatedAt && (
            <Text size="xs" c="dimmed">
              {t("stockDetail.updatedAt", { at: formatDateTime(listing.updatedAt) })}
            </Text>
          )}
        </div>
        {images.length > 0 && (
          <Group gap={4} wrap="nowrap">
            {images.map((src) => (
              <ProductImage key={src} src={src} alt={listing.name} />
            ))}
          </Group>
        )}
      </Group>
      {listing.cells.length === 0 ? (
        <Text size="xs" c="dimmed" mt="xs">
          {t("stockDetail.noStock")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={440} mt="xs">
          <Table withRowBorders={false} verticalSpacing={2} fz="sm" data-testid="detail-cells">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("stockDetail.warehouse")}</Table.Th>
                <Table.Th ta="right">{t("stockDetail.onHand")}</Table.Th>
                <Table.Th ta="right">{t("stockDetail.available")}</Table.Th>
                <Table.Th ta="right">{t("stockDetail.incoming")}</Table.Th>
                <Table.Th ta="right">{t("stockDetail.returning")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {listing.cells.map((c, i) => (
                <Table.Tr key={`${c.warehouse}-${i}`}>
                  <Table.Td>{c.warehouse}</Table.Td>
                  <Table.Td ta="right">{figure(c.onHand)}</Table.Td>
                  <Table.Td ta="right">{figure(c.available)}</Table.Td>
                  <Table.Td ta="right">{figure(c.incoming)}</Table.Td>
                  <Table.Td ta="right">{figure(c.returning)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** A vendor's product image; one that cannot load (offline, gone) takes no room. */
function ProductImage({ src, alt }: { src: string; alt: string }) {
  const [broken, setBroken] = useState(false);
  if (broken) return null;
  return <Image src={src} alt={alt} w={56} h={56} radius="sm" fit="cover" onError={() => setBroken(true)} />;
}

/** The stock history: each recorded move of the physical figure and of each POS vendor's sellable figure. */
function History({ history, vendors }: { history: StockChange[]; vendors: Set<Vendor> }) {
  const { t } = useTranslation();
  if (history.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="detail-history-empty">
        {t("stockDetail.historyEmpty")}
      </Text>
    );
  }
  return (
    <Table verticalSpacing={2} fz="sm" data-testid="detail-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("stockDetail.when")}</Table.Th>
          <Table.Th>{t("stockDetail.physical")}</Table.Th>
          {vendors.has("pancake") && <Table.Th>{t("vendors.pancake")}</Table.Th>}
          {vendors.has("nhanh") && <Table.Th>{t("vendors.nhanh")}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {history.map((h) => (
          <Table.Tr key={`${h.at}-${h.physicalAfter}-${h.pancakeAfter}-${h.nhanhAfter}`} data-testid="detail-history-row">
            <Table.Td>{formatDateTime(h.at)}</Table.Td>
            <Table.Td data-testid="detail-history-physical">
              <Move before={h.physicalBefore} after={h.physicalAfter} />
            </Table.Td>
            {vendors.has("pancake") && (
              <Table.Td>
                <Move before={h.pancakeBefore} after={h.pancakeAfter} />
              </Table.Td>
            )}
            {vendors.has("nhanh") && (
              <Table.Td>
                <Move before={h.nhanhBefore} after={h.nhanhAfter} />
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Body({ detail, onLimits }: { detail: GroupDetail; onLimits: () => void }) {
  const { t } = useTranslation();
  const vendors = new Set(detail.listings.map((l) => l.vendor));
  return (
    <Stack gap="md" data-testid="stock-detail-body" data-physical={detail.physical}>
      <Group justify="space-between">
        <div>
          <Text size="xs" c="dimmed">
            {[detail.sku, detail.barcode].filter(Boolean).join(" · ")}
          </Text>
          <Text size="sm">
            {t("stockDetail.physicalNow")}{" "}
            <Text span fw={700}>
              {formatNumber(detail.physical)}
            </Text>
          </Text>
        </div>
        <Button size="compact-sm" variant="light" leftSection={<IconAdjustments size={14} />} onClick={onLimits}>
          {t("lowStock.editLimits")}
        </Button>
      </Group>
      <Title order={5}>{t("stockDetail.listings", { count: detail.listings.length })}</Title>
      {detail.listings.map((l) => (
        <ListingCard key={`${l.accountId}/${l.vendorProductId}/${l.vendorVariationId}`} listing={l} />
      ))}
      <Title order={5}>{t("stockDetail.history")}</Title>
      <History history={detail.history} vendors={vendors} />
    </Stack>
  );
}

/** A stock grid row opened: the product's listings per vendor account and its stock history. */
export function StockDetail({
  row,
  onClose,
  onLimits,
}: {
  row: { groupKey: string; name: string } | null;
  onClose: () => void;
  onLimits: (row: { groupKey: string; name: string }) => void;
}) {
  const { t } = useTranslation();
  const detail = useStockDetail(row?.groupKey ?? null);
  return (
    <Drawer
      opened={row !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Text fw={700}>{row?.name}</Text>}
      closeButtonProps={{ "aria-label": t("common.close") }}
      data-testid="stock-detail"
    >
      {detail.isPending ? (
        <Loader size="sm" />
      ) : detail.isError ? (
        <Alert color="red">{t("stockDetail.failed")}</Alert>
      ) : detail.data === null || detail.data === undefined ? (
        <Alert color="yellow" data-testid="stock-detail-gone">
          {t("stockDetail.gone")}
        </Alert>
      ) : (
        <Body detail={detail.data} onLimits={() => row && onLimits(row)} />
      )}
    </Drawer>
  );
}
