import { Alert, Badge, Button, Card, Group, List, Modal, PasswordInput, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconPlugConnected } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../components/ConfirmModal";
import { EmptyState } from "../../components/EmptyState";
import { fieldError, FormError } from "../../components/FormError";
import { PageHeader } from "../../components/PageHeader";
import {
  useDemo,
  useRemoveAccount,
  useRenameAccount,
  useReplaceSecret,
  useTestAccount,
  useWorkspace,
} from "../../queries/accounts";
import type { AccountView } from "../../ipc";
import { accountLabel } from "../../lib/accounts";
import { AddAccountModal } from "./AddAccountModal";

export function AccountsPage() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const demo = useDemo();
  const [adding, setAdding] = useState(false);
  const accounts = ws.data?.accounts ?? [];
  return (
    <>
      <PageHeader title={t("pages.accounts.title")}>
        <Button leftSection={<IconPlugConnected size={18} />} onClick={() => setAdding(true)} data-testid="add-account-button">
          {t("accounts.add")}
        </Button>
      </PageHeader>
      {(ws.data?.unreadableAccounts ?? 0) > 0 && (
        <Alert color="orange" mb="md" data-testid="unreadable-accounts">
          {t("accounts.unreadable", { count: ws.data?.unreadableAccounts })}
        </Alert>
      )}
      {ws.data?.demo && (
        <Alert color="yellow" mb="md" data-testid="demo-notice">
          {t("demo.accountsNotice")}
        </Alert>
      )}
      {accounts.length === 0 && ws.isSuccess ? (
        <>
          <EmptyState
            icon={<IconPlugConnected size={34} stroke={1.5} />}
            title={t("pages.accounts.emptyTitle")}
            body={t("pages.accounts.emptyBody")}
          />
          <Group justify="center">
            <Button variant="default" loading={demo.start.isPending} onClick={() => demo.start.mutate()} data-testid="demo-start">
              {t("demo.start")}
            </Button>
          </Group>
        </>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {accounts.map((a) => (
            <AccountCard key={a.id} account={a} />
          ))}
        </SimpleGrid>
      )}
      <AddAccountModal opened={adding} onClose={() => setAdding(false)} />
    </>
  );
}

function details(a: AccountView, t: (k: string, o?: Record<string, string>) => string): string[] {
  const c = a.config;
  switch (c.vendor) {
    case "pancake":
      return [t("accounts.shopLine", { name: c.shopName ?? "", id: String(c.shopId) })];
    case "onflow":
      return [t("accounts.environmentLine", { env: t(`accounts.${c.environment}`) })];
    case "nhanh":
      return [
        t("accounts.businessLine", { id: String(c.businessId) }),
        c.expiresAt
          ? t("accounts.expiresLine", { date: new Date(c.expiresAt).toLocaleDateString("vi-VN") })
          : t("accounts.expiresUnknown"),
      ];
  }
}

function AccountCard({ account: a }: { account: AccountView }) {
  const { t } = useTranslation();
  const test = useTestAccount();
  const remove = useRemoveAccount();
  const [renaming, setRenaming] = useState(false);
  const [replacing, setReplacing] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const label = accountLabel(a, t);
  return (
    <Card withBorder padding="lg" data-testid="account-card" data-account-id={a.id} data-vendor={a.vendor}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Badge variant="light">{t(`vendors.${a.vendor}`)}</Badge>
          <Text fw={600} data-testid="account-label">
            {label}
          </Text>
        </Group>
        {a.demo && <Badge color="yellow">{t("demo.badge")}</Badge>}
      </Group>
      {details(a, t).map((line) => (
        <Text size="sm" c="dimmed" key={line}>
          {line}
        </Text>
      ))}
      {a.masks.map((m) => (
        <Text size="sm" key={m.name} data-testid={`mask-${m.name}`}>
          {t(`accounts.secret.${m.name}`)}: <code>{m.mask}</code>
        </Text>
      ))}
      {a.expired ? (
        <Alert color="red" mt="xs">
          {t("accounts.expired")}
        </Alert>
      ) : (
        a.expiryWarning && (
          <Alert color="orange" mt="xs" data-testid="expiry-warning">
            {t("accounts.expiringSoon")}
          </Alert>
        )
      )}
      <Group mt="md" gap="xs">
        <Button size="xs" variant="light" loading={test.isPending} onClick={() => test.mutate(a.id)} data-testid="test-account">
          {t("accounts.test")}
        </Button>
        {!a.demo && (
          <>
            <Button size="xs" variant="default" onClick={() => setRenaming(true)}>
              {t("accounts.rename")}
            </Button>
            {a.masks.map((m) => (
              <Button size="xs" variant="default" key={m.name} onClick={() => setReplacing(m.name)}>
                {t("accounts.replaceSecret", { name: t(`accounts.secret.${m.name}`) })}
              </Button>
            ))}
            <Button size="xs" color="red" variant="subtle" onClick={() => setConfirmRemove(true)} data-testid="remove-account">
              {t("accounts.remove")}
            </Button>
          </>
        )}
      </Group>
      {test.isSuccess && (
        <Alert color="teal" mt="sm" data-testid="test-result">
          <Text size="sm" fw={600}>
            {test.data.name ? t("accounts.testOkNamed", { name: test.data.name }) : t("accounts.testOk")}
          </Text>
          <Text size="sm">{t("accounts.warehousesFound", { count: String(test.data.warehouses.length) })}</Text>
          <List size="sm">
            {test.data.warehouses.map((w) => (
              <List.Item key={w.id}>{w.name}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {test.isError && (
        <Stack mt="sm">
          <FormError error={test.error} />
        </Stack>
      )}
      <RenameModal account={a} opened={renaming} onClose={() => setRenaming(false)} />
      <ReplaceSecretModal account={a} name={replacing} onClose={() => setReplacing(null)} />
      <ConfirmModal
        opened={confirmRemove}
        onClose={() => setConfirmRemove(false)}
        title={t("accounts.removeTitle")}
        body={t("accounts.removeBody", { label })}
        confirmLabel={t("accounts.remove")}
        confirmTestId="confirm-remove"
        loading={remove.isPending}
        onConfirm={() => remove.mutate(a.id, { onSuccess: () => setConfirmRemove(false) })}
      />
    </Card>
  );
}

function RenameModal({ account, opened, onClose }: { account: AccountView; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState(account.label);
  const rename = useRenameAccount();
  return (
    <Modal opened={opened} onClose={onClose} title={t("accounts.rename")}>
      <TextInput
        label={t("accounts.label")}
        value={label}
        onChange={(e) => setLabel(e.currentTarget.value)}
        error={fieldError(rename.error, "label", t)}
      />
      <FormError error={rename.error} />
      <Group justify="flex-end" mt="md">
        <Button loading={rename.isPending} onClick={() => rename.mutate({ id: account.id, label }, { onSuccess: onClose })}>
          {t("common.save")}
        </Button>
      </Group>
    </Modal>
  );
}

function ReplaceSecretModal({ account, name, onClose }: { account: AccountView; name: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState("");
  const replace = useReplaceSecret();
  const close = () => {
    setValue("");
    replace.reset();
    onClose();
  };
  return (
    <Modal opened={name !== null} onClose={close} title={t("accounts.replaceSecret", { name: t(`accounts.secret.${name ?? ""}`) })}>
      <Text size="sm" c="dimmed" mb="sm">
        {t("accounts.replaceSecretHint")}
      </Text>
      <PasswordInput
        label={t(`accounts.secret.${name ?? ""}`)}
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        error={name ? fieldError(replace.error, name, t) : undefined}
      />
      <FormError error={replace.error} />
      <Group justify="flex-end" mt="md">
        <Button
          loading={replace.isPending}
          disabled={!name || value.trim() === ""}
          onClick={() => name && replace.mutate({ id: account.id, name, value }, { onSuccess: close })}
        >
          {t("common.save")}
        </Button>
      </Group>
    </Modal>
  );
}
