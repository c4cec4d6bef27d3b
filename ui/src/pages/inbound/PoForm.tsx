import { Alert, Button, Checkbox, Grid, Group, Modal, NumberInput, Paper, Select, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../../components/FormError";
import { toAppError, type LibraryFile, type PoDocument } from "../../ipc";
import {
  blockedLines,
  buildPoDraft,
  canSubmitPo,
  dayAfter,
  isPlacedField,
  newPackage,
  oasinsOf,
  poTotals,
  type PackageForm,
} from "../../lib/inbound";
import { formatNumber } from "../../lib/format";
import { useAccountLabelOf } from "../../queries/accounts";
import { useInboundTargets, useLineChecks, useNewPoReference, useSubmitPo } from "../../queries/inbound";
import { DocumentPicker } from "../files/DocumentPicker";
import { PackageCard } from "./PackageCard";

/** The localized messages of a Validation error's field (`inbound.validation.*`, else the shared `validation.*`). */
function useFieldErrors(error: unknown) {
  const { t, i18n } = useTranslation();
  const fields = error ? (toAppError(error).details?.fields ?? {}) : {};
  const text = (code: string) => {
    if (i18n.exists(`inbound.validation.${code}`)) return t(`inbound.validation.${code}`);
    if (i18n.exists(`validation.${code}`)) return t(`validation.${code}`);
    return t("inbound.form.invalidField", { code });
  };
  const of = (path: string): string | undefined => {
    const codes = fields[path];
    return codes && codes.length > 0 ? codes.map(text).join(" ") : undefined;
  };
  return { fields, of };
}

/** The PO form (a full-screen modal): destination, our reference, arrival day, packages and lines, invoices. */
export function PoForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const targets = useInboundTargets();
  const submit = useSubmitPo();
  const newRef = useNewPoReference();
  const labelOf = useAccountLabelOf();

  const list = targets.data ?? [];
  const [pickedAccount, setPickedAccount] = useState<string | null>(null);
  const accountId = pickedAccount ?? list[0]?.accountId ?? null;
  const target = list.find((x) => x.accountId === accountId) ?? null;
  const [pickedWarehouse, setPickedWarehouse] = useState<string | null>(null);
  // the only warehouse by default; with several, the owner chooses where the goods go
  const warehouseCode = pickedWarehouse ?? (target?.warehouses.length === 1 ? (target.warehouses[0]?.id ?? null) : null);
  const [reference, setReference] = useState<string | null>(null);
  const [eta, setEta] = useState(() => dayAfter(new Date(), 1));
  const [coInspection, setCoInspection] = useState(false);
  const [note, setNote] = useState("");
  const [packages, setPackages] = useState<PackageForm[]>(() => [newPackage([])]);
  const [documents, setDocuments] = useState<PoDocument[]>([]);

  // a fresh reference each time the form opens (the owner may change it)
  const { mutate: askReference } = newRef;
  useEffect(() => askReference(undefined, { onSuccess: (r) => setReference((cur) => cur ?? r) }), [askReference]);

  // ask the vendor about the products once the set settles (not on every keystroke of a quantity)
  const oasins = oasinsOf(packages);
  const [settled] = useDebouncedValue(oasins.join("\n"), 400);
  const asked = useMemo(() => (settled ? settled.split("\n") : []), [settled]);
  const checks = useLineChecks(accountId, warehouseCode, asked);
  const checkFailed = checks.isError && !checks.isFetching;
  const answers = checks.data;

  const blocked = blockedLines(packages, answers, checkFailed);
  const notReady = blocked.filter((b) => b.flag !== "checking").length;
  const totals = poTotals(packages);
  const { fields, of: fe } = useFieldErrors(submit.error);
  const accountShown = list.length > 1;
  const unplaced = Object.keys(fields).filter((f) => !isPlacedField(f, accountShown));

  const form = {
    accountId,
    warehouseCode,
    reference: reference ?? "",
    estimatedArrival: eta,
    coInspection,
    note,
    packages,
    documents,
  };
  const canSend = canSubmitPo(form, answers, checkFailed) && !submit.isPending;

  const send = () =>
    submit.mutate(buildPoDraft(form), {
      onSuccess: (row) => {
        notifications.show({ color: "teal", message: t("inbound.form.queued", { ref: row.reference }) });
        onClose();
      },
    });

  const setPackage = (i: number) => (update: (p: PackageForm) => PackageForm) =>
    setPackages((ps) => ps.map((p, j) => (j === i ? update(p) : p)));

  const pickDocuments = (urls: string[], files: LibraryFile[]) =>
    setDocuments((docs) =>
      urls.map((url) => {
        const kept = docs.find((d) => d.url === url);
        if (kept) return kept;
        const file = files.find((f) => f.url === url);
        return { url, name: file?.name ?? url, printQuantity: 1 };
      }),
    );

  return (
    <Modal opened onClose={onClose} fullScreen closeOnEscape={false} title={t("inbound.form.title")} data-testid="po-form">
      <Stack maw={1200} mx="auto">
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t("inbound.form.destination")}
          </Title>
          <Grid>
            {accountShown && (
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <Select
                  label={t("inbound.form.account")}
                  data={list.map((x) => ({ value: x.accountId, label: labelOf(x.accountId) }))}
                  value={accountId}
                  onChange={(v) => {
                    setPickedAccount(v);
                    setPickedWarehouse(null);
                    setPackages([newPackage([])]);
                    setDocuments([]);
                  }}
                  required
                  allowDeselect={false}
                  error={fe("accountId")}
                  data-testid="po-account"
                  comboboxProps={{ withinPortal: false }}
                />
              </Grid.Col>
            )}
            <Grid.Col span={{ base: 12, sm: accountShown ? 4 : 6 }}>
              <Select
                label={t("inbound.form.warehouse")}
                placeholder={t("inbound.form.warehousePlaceholder")}
                data={(target?.warehouses ?? []).map((w) => ({ value: w.id, label: `${w.name} (${w.id})` }))}
                value={warehouseCode}
                onChange={setPickedWarehouse}
                required
                allowDeselect={false}
                disabled={!target}
                error={fe("warehouseCode")}
                data-testid="po-warehouse"
                comboboxProps={{ withinPortal: false }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: accountShown ? 4 : 6 }}>
              <TextInput
                label={t("inbound.form.reference")}
                description={t("inbound.form.referenceHint")}
                value={reference ?? ""}
                onChange={(e) => setReference(e.currentTarget.value)}
                required
                error={fe("reference")}
                data-testid="po-reference"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                type="date"
                label={t("inbound.form.eta")}
                value={eta}
                min={dayAfter(new Date(), 0)}
                onChange={(e) => setEta(e.currentTarget.value)}
                required
                error={fe("estimatedArrival")}
                data-testid="po-eta"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 8 }}>
              <Checkbox
                mt={{ base: 0, sm: 30 }}
                label={t("inbound.form.coInspection")}
                description={t("inbound.form.coInspectionHint")}
                checked={coInspection}
                onChange={(e) => setCoInspection(e.currentTarget.checked)}
                data-testid="po-co-inspection"
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <Textarea
                label={t("inbound.form.note")}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                autosize
                minRows={1}
                error={fe("note")}
                data-testid="po-note"
              />
            </Grid.Col>
          </Grid>
        </Paper>

        <Group justify="space-between">
          <Title order={4}>{t("inbound.form.packages")}</Title>
          <Text size="sm" c="dimmed" data-testid="po-totals" data-units={totals.units}>
            {t("inbound.form.totals", {
              packages: formatNumber(totals.packages),
              lines: formatNumber(totals.lines),
              units: formatNumber(totals.units),
            })}
          </Text>
        </Group>
        {fe("packages") && (
          <Text c="red" size="sm" data-testid="po-packages-error">
            {fe("packages")}
          </Text>
        )}
        {packages.map((p, i) => (
          <PackageCard
            key={p.key}
            index={i}
            pkg={p}
            accountId={accountId}
            warehouseChosen={!!warehouseCode}
            checks={answers}
            checkFailed={checkFailed}
            removable={packages.length > 1}
            onChange={setPackage(i)}
            onRemove={() => setPackages((ps) => ps.filter((_, j) => j !== i))}
            fieldError={fe}
          />
        ))}
        <Group>
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setPackages((ps) => [...ps, newPackage(ps)])} data-testid="po-add-package">
            {t("inbound.form.addPackage")}
          </Button>
        </Group>

        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t("inbound.form.documents")}
          </Title>
          {accountId ? (
            <DocumentPicker
              accountId={accountId}
              value={documents.map((d) => d.url)}
              onChange={pickDocuments}
              label={t("inbound.form.invoices")}
              description={t("inbound.form.invoicesHint")}
              testId="po-documents"
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t("inbound.form.pickAccountFirst")}
            </Text>
          )}
          {documents.length > 0 && (
            <Stack gap="xs" mt="sm">
              {documents.map((d, i) => (
                <Group key={d.url} data-testid="po-document" align="flex-start">
                  <Stack gap={0} style={{ flex: 1 }}>
                    <Text size="sm">{d.name}</Text>
                    {fe(`documents.${i}.url`) && (
                      <Text size="xs" c="red">
                        {fe(`documents.${i}.url`)}
                      </Text>
                    )}
                  </Stack>
                  <NumberInput
                    w={160}
                    label={t("inbound.form.printQuantity")}
                    min={1}
                    max={100}
                    allowDecimal={false}
                    value={d.printQuantity}
                    onChange={(v) => setDocuments((docs) => docs.map((x, j) => (j === i ? { ...x, printQuantity: Number(v) || 0 } : x)))}
                    error={fe(`documents.${i}.printQuantity`)}
                    data-testid="po-document-print"
                  />
                </Group>
              ))}
            </Stack>
          )}
        </Paper>

        {notReady > 0 && (
          <Alert color="red" data-testid="po-not-ready">
            {t("inbound.form.notReady", { lines: formatNumber(notReady) })}
          </Alert>
        )}
        {checkFailed && (
          <Alert color="yellow" data-testid="po-check-failed">
            {t("inbound.form.checkFailed")}
          </Alert>
        )}
        <FormError error={submit.error} />
        {Object.keys(fields).length > 0 && (
          <Alert color="red" data-testid="po-invalid">
            <Text size="sm">{t("inbound.form.fixErrors")}</Text>
            {unplaced.map((f) => (
              <Text key={f} size="xs" data-testid="po-invalid-field" data-field={f}>
                {fe(f)}
              </Text>
            ))}
          </Alert>
        )}
        <Group justify="flex-end" pb="md">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={send} disabled={!canSend} loading={submit.isPending} data-testid="po-submit">
            {t("inbound.form.submit")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
