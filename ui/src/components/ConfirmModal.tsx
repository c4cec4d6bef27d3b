import { Button, Group, Modal, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * Asks before an action that cannot be taken back (remove an account, cancel an order, remove a file):
 * nothing is sent until the user presses the confirm button (`data-testid={confirmTestId}`).
 */
export function ConfirmModal({
  opened,
  title,
  body,
  confirmLabel,
  confirmTestId,
  dismissLabel,
  loading = false,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  confirmTestId: string;
  /** The button that closes without acting (default "Hủy"; an order's cancel needs another word). */
  dismissLabel?: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} data-testid="confirm-modal">
      <Text size="sm">{body}</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose} data-testid="confirm-dismiss">
          {dismissLabel ?? t("common.cancel")}
        </Button>
        <Button color="red" loading={loading} onClick={onConfirm} data-testid={confirmTestId}>
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
