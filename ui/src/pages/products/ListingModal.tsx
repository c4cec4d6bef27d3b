import { Badge, Button, Group, Image, Modal, Select, SimpleGrid, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import type { ListingRef } from "../../ipc";
import { formatVnd } from "../../lib/format";
import { useLibrary } from "../../queries/files";
import { useAddListingImage, useListingDetail } from "../../queries/products";

const IMAGE_KINDS = ["png", "jpeg", "webp"];

/** A product's detail: its images, and adding one from the file library (Pancake variation, Nhanh product). */
export function ListingModal({ listing, onClose }: { listing: ListingRef | null; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [url, setUrl] = useState<string | null>(null);
  const detail = useListingDetail(listing);
  const library = useLibrary({ accountId: null, kind: null, search: null }, !!listing);
  const add = useAddListingImage(listing);
  const attach = (u: string) =>
    add.mutate(u, {
      onSuccess: () => {
        notifications.show({ color: "teal", message: t("products.imageAdded") });
        setUrl(null);
      },
    });
  const d = detail.data;
  const images = (library.data ?? []).filter((f) => IMAGE_KINDS.includes(f.kind));
  const canAdd = d && d.vendor !== "onflow";
  return (
    <Modal opened={!!listing} onClose={onClose} size="lg" title={d?.name ?? ""} data-testid="listing-modal">
      {d && (
        <Stack>
          <Group gap="xs">
            <Badge variant="light">{t(`vendors.${d.vendor}`)}</Badge>
            <Text size="sm" c="dimmed">
              {d.sku}
            </Text>
            {d.priceVnd !== null && (
              <Text size="sm" data-testid="listing-price" data-price={d.priceVnd}>
                {formatVnd(d.priceVnd)}
              </Text>
            )}
          </Group>
          {d.images.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("products.noImages")}
            </Text>
          ) : (
            <SimpleGrid cols={4} data-testid="listing-images" data-count={d.images.length}>
              {d.images.map((src) => (
                <Image key={src} src={src} h={96} fit="contain" radius="sm" alt="" data-url={src} />
              ))}
            </SimpleGrid>
          )}
          {canAdd && (
            <Group align="flex-end">
              <Select
                style={{ flex: 1 }}
                label={t("products.addImage")}
                description={t("products.addImageHint", { vendor: t(`vendors.${d.vendor}`) })}
                placeholder={images.length === 0 ? t("products.noLibraryImages") : t("products.pickImage")}
                data={images.map((f) => ({ value: f.url, label: f.name }))}
                value={url}
                onChange={setUrl}
                data-testid="listing-image-pick"
                comboboxProps={{ withinPortal: false }}
              />
              <Button
                disabled={!url}
                loading={add.isPending} onClick={() => url && attach(url)}
                data-testid="listing-image-add"
                data-state={add.status}
              >
                {t("products.attach")}
              </Button>
            </Group>
          )}
          {canAdd && images.length === 0 && (
            <Button variant="subtle" onClick={() => navigate("/files")}>
              {t("products.toFiles")}
            </Button>
          )}
        </Stack>
      )}
    </Modal>
  );
}
