import { Group, Kbd, Modal, Stack, Table, Text } from "@mantine/core";
import { useHotkeys, useOs, type HotkeyItem } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { isTypingField } from "../lib/scanner";
import { focusPageSearch, keyCaps, keysOf, SHORTCUTS } from "../lib/shortcuts";
import { windowScanner } from "../lib/useScanner";
import { useSyncNow } from "../queries/stock";

/**
 * The app-wide shortcuts (new order, search, sync, "?" for the list) and the overlay listing them with the
 * page-level ones. Mounted once in the shell. Keys typed in a field stay the field's; Escape leaves it.
 */
export function Shortcuts() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const syncNow = useSyncNow();
  const [open, setOpen] = useState(false);
  const mac = useOs() === "macos";

  const on = (id: Parameters<typeof keysOf>[0], run: (e: KeyboardEvent) => void) =>
    keysOf(id).map((k): [string, (e: KeyboardEvent) => void] => [
      k,
      (e) => {
        // a character that is part of a barcode scan is not a shortcut
        if (!windowScanner.busy(e.timeStamp)) run(e);
      },
    ]);

  useHotkeys([
    ...on("newOrder", () => navigate("/orders/new")),
    ...on("search", () => focusPageSearch()),
    ...on("sync", () => {
      syncNow.mutate();
      notifications.show({ color: "teal", message: t("shortcuts.syncStarted"), id: "shortcut-sync" });
    }),
    ...on("help", () => setOpen(true)),
  ]);
  // Escape in a field leaves it, so the shortcuts work again (nothing else is taken from a field)
  useHotkeys(
    keysOf("leaveField").map((k): HotkeyItem => [
      k,
      (e) => {
        if (e.target instanceof HTMLElement && isTypingField(e.target)) e.target.blur();
      },
      { preventDefault: false },
    ]),
    [],
  );

  return (
    <Modal opened={open} onClose={() => setOpen(false)} title={t("shortcuts.title")} size="lg">
      <Stack gap="sm" data-testid="shortcuts-overlay">
        <Table>
          <Table.Tbody>
            {SHORTCUTS.map((s) => (
              <Table.Tr key={s.id} data-testid="shortcut-row" data-id={s.id}>
                <Table.Td>
                  <Text size="sm">{t(`shortcuts.${s.id}`)}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    {s.keys.map((k, i) => (
                      <Group key={k} gap={4} wrap="nowrap">
                        {i > 0 && (
                          <Text size="xs" c="dimmed">
                            {t("shortcuts.or")}
                          </Text>
                        )}
                        {keyCaps(k, mac).map((cap, j) => (
                          <Kbd key={j}>{cap}</Kbd>
                        ))}
                      </Group>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr data-testid="shortcut-row" data-id="scan">
              <Table.Td>
                <Text size="sm">{t("shortcuts.scan")}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {t("shortcuts.scanHow")}
                </Text>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          {t("shortcuts.hint")}
        </Text>
      </Stack>
    </Modal>
  );
}
