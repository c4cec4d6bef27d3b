import {
  Button,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldError, FormError } from "../../components/FormError";
import { useAddAccount, useNhanhConsent, usePancakeShops } from "../../queries/accounts";
import type { NewAccount, OnflowEnvironment, ShopChoice, Vendor } from "../../ipc";

const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

export function AddAccountModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [vendor, setVendor] = useState<Vendor>("pancake");
  const add = useAddAccount();
  const close = () => {
    add.reset();
    onClose();
  };
  const submit = (input: NewAccount) => add.mutate(input, { onSuccess: close });
  return (
    <Modal opened={opened} onClose={close} title={t("accounts.addTitle")} size="lg">
      <Stack data-testid="add-account">
        <SegmentedControl
          data-testid="vendor-switch"
          value={vendor}
          onChange={(v) => {
            add.reset();
            setVendor(v as Vendor);
          }}
          data={[
            { value: "pancake", label: t("vendors.pancake") },
            { value: "onflow", label: t("vendors.onflow") },
            { value: "nhanh", label: t("vendors.nhanh") },
          ]}
        />
        {vendor === "pancake" && <PancakeForm submit={submit} pending={add.isPending} error={add.error} />}
        {vendor === "onflow" && <OnflowForm submit={submit} pending={add.isPending} error={add.error} />}
        {vendor === "nhanh" && <NhanhForm submit={submit} pending={add.isPending} error={add.error} />}
      </Stack>
    </Modal>
  );
}

type FormProps = { submit: (input: NewAccount) => void; pending: boolean; error: unknown };

function LabelInput({ value, onChange, error }: { value: string; onChange: (v: string) => void; error: unknown }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t("accounts.label")}
      description={t("accounts.labelHint")}
      required
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={fieldError(error, "label", t)}
      data-testid="field-label"
    />
  );
}

function BaseUrlInput({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t("accounts.baseUrl")}
      description={t("accounts.baseUrlHint")}
      placeholder="https://"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data-testid="field-baseUrl"
    />
  );
}

function PancakeForm({ submit, pending, error }: FormProps) {
  const { t } = useTranslation();
  const [label, setLabel] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [shop, setShop] = useState<string | null>(null);
  const shops = usePancakeShops();
  const list: ShopChoice[] = shops.data ?? [];
  return (
    <Stack>
      <LabelInput value={label} onChange={setLabel} error={error} />
      <PasswordInput
        label={t("accounts.apiKey")}
        description={t("accounts.apiKeyHint")}
        required
        value={apiKey}
        onChange={(e) => setApiKey(e.currentTarget.value)}
        error={fieldError(error ?? shops.error, "apiKey", t)}
        data-testid="field-apiKey"
      />
      <BaseUrlInput value={baseUrl} onChange={setBaseUrl} />
      <Group>
        <Button
          variant="light"
          loading={shops.isPending}
          disabled={apiKey.trim() === ""}
          onClick={() =>
            shops.mutate(
              { apiKey, baseUrl: orNull(baseUrl) },
              { onSuccess: (s) => setShop(s[0] ? String(s[0].id) : null) },
            )
          }
          data-testid="find-shops"
        >
          {t("accounts.findShops")}
        </Button>
      </Group>
      <FormError error={shops.error} />
      {list.length > 0 && (
        <Select
          label={t("accounts.shop")}
          data={list.map((s) => ({ value: String(s.id), label: `${s.name} (#${s.id})` }))}
          value={shop}
          onChange={setShop}
          data-testid="field-shop"
          allowDeselect={false}
        />
      )}
      <FormError error={error} />
      <Group justify="flex-end">
        <Button
          loading={pending}
          disabled={!shop}
          onClick={() => submit({ kind: "pancake", label, apiKey, shopId: Number(shop), baseUrl: orNull(baseUrl) })}
          data-testid="connect"
        >
          {t("accounts.connect")}
        </Button>
      </Group>
    </Stack>
  );
}

function OnflowForm({ submit, pending, error }: FormProps) {
  const { t } = useTranslation();
  const [label, setLabel] = useState("");
  const [token, setToken] = useState("");
  const [environment, setEnvironment] = useState<OnflowEnvironment>("staging");
  const [baseUrl, setBaseUrl] = useState("");
  return (
    <Stack>
      <LabelInput value={label} onChange={setLabel} error={error} />
      <PasswordInput
        label={t("accounts.token")}
        description={t("accounts.onflowTokenHint")}
        required
        value={token}
        onChange={(e) => setToken(e.currentTarget.value)}
        error={fieldError(error, "token", t)}
        data-testid="field-token"
      />
      <Select
        label={t("accounts.environment")}
        value={environment}
        onChange={(v) => setEnvironment(v === "production" ? "production" : "staging")}
        data={[
          { value: "staging", label: t("accounts.staging") },
          { value: "production", label: t("accounts.production") },
        ]}
        allowDeselect={false}
      />
      <BaseUrlInput value={baseUrl} onChange={setBaseUrl} />
      <FormError error={error} />
      <Group justify="flex-end">
        <Button
          loading={pending}
          onClick={() => submit({ kind: "onflow", label, token, environment, baseUrl: orNull(baseUrl) })}
          data-testid="connect"
        >
          {t("accounts.connect")}
        </Button>
      </Group>
    </Stack>
  );
}

function NhanhForm({ submit, pending, error }: FormProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<"consent" | "token">("consent");
  const [label, setLabel] = useState("");
  const [appId, setAppId] = useState<number | string>("");
  const [secretKey, setSecretKey] = useState("");
  const [returnLink, setReturnLink] = useState("");
  const [code, setCode] = useState("");
  const [businessId, setBusinessId] = useState<number | string>("");
  const [accessToken, setAccessToken] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const consent = useNhanhConsent();
  const input = (): NewAccount =>
    mode === "consent"
      ? { kind: "nhanhCode", label, appId: Number(appId), secretKey, codeOrUrl: code, baseUrl: orNull(baseUrl) }
      : {
          kind: "nhanhToken",
          label,
          appId: Number(appId),
          businessId: Number(businessId),
          accessToken,
          secretKey: orNull(secretKey),
          baseUrl: orNull(baseUrl),
        };
  return (
    <Stack>
      <SegmentedControl
        value={mode}
        onChange={(v) => setMode(v === "token" ? "token" : "consent")}
        data={[
          { value: "consent", label: t("accounts.nhanhConsentMode") },
          { value: "token", label: t("accounts.nhanhTokenMode") },
        ]}
      />
      <LabelInput value={label} onChange={setLabel} error={error} />
      <NumberInput
        label={t("accounts.appId")}
        required
        value={appId}
        onChange={setAppId}
        hideControls
        allowDecimal={false}
      />
      {mode === "consent" ? (
        <>
          <PasswordInput
            label={t("accounts.secretKey")}
            required
            value={secretKey}
            onChange={(e) => setSecretKey(e.currentTarget.value)}
            error={fieldError(error, "secretKey", t)}
          />
          <TextInput
            label={t("accounts.returnLink")}
            description={t("accounts.returnLinkHint")}
            value={returnLink}
            onChange={(e) => setReturnLink(e.currentTarget.value)}
          />
          <BaseUrlInput value={baseUrl} onChange={setBaseUrl} />
          <Group>
            <Button
              variant="light"
              loading={consent.isPending}
              disabled={appId === "" || returnLink.trim() === ""}
              onClick={() => consent.mutate({ appId: Number(appId), returnLink, baseUrl: orNull(baseUrl) })}
            >
              {t("accounts.openConsent")}
            </Button>
          </Group>
          {consent.isSuccess && <Text size="sm">{t("accounts.consentOpened")}</Text>}
          <FormError error={consent.error} />
          <TextInput
            label={t("accounts.codeOrUrl")}
            description={t("accounts.codeOrUrlHint")}
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={fieldError(error, "codeOrUrl", t)}
          />
        </>
      ) : (
        <>
          <NumberInput
            label={t("accounts.businessId")}
            required
            value={businessId}
            onChange={setBusinessId}
            hideControls
            allowDecimal={false}
          />
          <PasswordInput
            label={t("accounts.accessToken")}
            required
            value={accessToken}
            onChange={(e) => setAccessToken(e.currentTarget.value)}
            error={fieldError(error, "accessToken", t)}
          />
          <PasswordInput
            label={t("accounts.secretKeyOptional")}
            value={secretKey}
            onChange={(e) => setSecretKey(e.currentTarget.value)}
          />
          <BaseUrlInput value={baseUrl} onChange={setBaseUrl} />
        </>
      )}
      <FormError error={error} />
      <Group justify="flex-end">
        <Button loading={pending} disabled={appId === ""} onClick={() => submit(input())} data-testid="connect">
          {t("accounts.connect")}
        </Button>
      </Group>
    </Stack>
  );
}
