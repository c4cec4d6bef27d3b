import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../../components/FormError";
import { toAppError, type OrderRow } from "../../ipc";
import { RETURN_REASONS } from "../../lib/returns";
import { useNewReturnReference, useSubmitReturn } from "../../queries/returns";

/** The localized messages of a Validation error's field (`returns.validation.*`, else the shared `validation.*`). */
function useFieldText(error: unknown) {
  const { t, i18n } = useTranslation();
  const fields = error ? (toAppError(error).details?.fields ?? {}) : {};
  const text = (code: string) => {
    if (i18n.exists(`returns.validation.${code}`)) return t(`returns.validation.${code}`);
    if (i18n.exists(`validation.${code}`)) return t(`validation.${code}`);
    return code;
  };
  return (path: string): string | undefined => {
    const codes = fields[path];
    return codes && codes.length > 0 ? codes.map(text).join(" ") : undefined;
  };
}

/**
 * "Tạo yêu cầu hoàn": ask the warehouse to take back an order it handed over (the whole order). Our reference is
 * stored before the request leaves, so a lost answer is looked up and never sent twice.
 */
export function ReturnForm({ order, onClose }: { order: OrderRow; onClose: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmitReturn();
  const newRef = useNewReturnReference();
  const [reference, setReference] = useState<string | null>(null);
  const [reason, setReason] = useState<string | null>(RETURN_REASONS[0]);
  const [courier, setCourier] = useState("");
  const [note, setNote] = useState("");
  const fe = useFieldText(submit.error);

  // a fresh reference each time the form opens (the owner may change it)
  const { mutate: askReference } = newRef;
  useEffect(() => askReference(undefined, { onSuccess: (r) => setReference((cur) => cur ?? r) }), [askReference]);

  const send = () =>
    submit.mutate(
      {
        accountId: order.accountId,
        vendorOrderId: order.vendorOrderId,
        reference: reference ?? "",
        items: [],
        reason,
        courierTrackingCode: courier.trim() || null,
        note: note.trim() || null,
      },
      {
        onSuccess: (row) => {
          notifications.show({ color: "teal", message: t("returns.form.queued", { ref: row.reference ?? "" }) });
          onClose();
        },
      },
    );

  return (
    <Modal opened onClose={onClose} title={t("returns.form.title", { id: order.vendorOrderId })} data-testid="return-form">
      <Stack>
        <Text size="sm" c="dimmed">
          {t("returns.form.intro")}
        </Text>
        <TextInput
          label={t("returns.form.reference")}
          description={t("returns.form.referenceHelp")}
          value={reference ?? ""}
          onChange={(e) => setReference(e.currentTarget.value)}
          error={fe("reference")}
          data-testid="return-form-reference"
        />
        <Select
          label={t("returns.form.reason")}
          data={RETURN_REASONS.map((r) => ({ value: r, label: t(`returns.reasons.${r}`) }))}
          value={reason}
          onChange={setReason}
          clearable
          data-testid="return-form-reason"
        />
        <TextInput
          label={t("returns.form.courier")}
          value={courier}
          onChange={(e) => setCourier(e.currentTarget.value)}
          error={fe("courierTrackingCode")}
          data-testid="return-form-courier"
        />
        <Textarea label={t("returns.form.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fe("note")} autosize minRows={2} />
        {fe("vendorOrderId") && <Alert color="red">{fe("vendorOrderId")}</Alert>}
        <FormError error={submit.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={send} loading={submit.isPending} disabled={!reference?.trim()} data-testid="return-form-submit">
            {t("returns.form.submit")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
