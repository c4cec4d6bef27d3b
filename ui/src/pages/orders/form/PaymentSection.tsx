import { Grid, Group, NumberInput, Paper, Switch, Text, Textarea, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatVnd } from "../../../lib/format";
import type { FieldErrorOf } from "./types";

export interface Payment {
  orderDiscount: number;
  shippingFee: number;
  codManual: boolean;
  /** The typed COD (used only when `codManual`). */
  cod: number;
  note: string;
}

/** Order discount, shipping fee, COD (computed unless typed), the totals and the note. */
export function PaymentSection({
  value,
  onChange,
  totals,
  fieldError,
}: {
  value: Payment;
  onChange: (patch: Partial<Payment>) => void;
  totals: { lines: number; cod: number };
  fieldError: FieldErrorOf;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        {t("orders.form.payment")}
      </Title>
      <Grid>
        <Grid.Col span={4}>
          <NumberInput label={t("orders.form.orderDiscount")} min={0} thousandSeparator="." decimalSeparator="," value={value.orderDiscount} onChange={(v) => onChange({ orderDiscount: Number(v) || 0 })} error={fieldError("orderDiscount")} />
        </Grid.Col>
        <Grid.Col span={4}>
          <NumberInput label={t("orders.form.shippingFee")} min={0} thousandSeparator="." decimalSeparator="," value={value.shippingFee} onChange={(v) => onChange({ shippingFee: Number(v) || 0 })} error={fieldError("shippingFee")} />
        </Grid.Col>
        <Grid.Col span={4}>
          <NumberInput
            label={t("orders.form.cod")}
            thousandSeparator="."
            decimalSeparator=","
            value={value.codManual ? value.cod : totals.cod}
            disabled={!value.codManual}
            onChange={(v) => onChange({ cod: Number(v) || 0 })}
            error={fieldError("cod")}
            data-testid="order-cod"
          />
          <Switch mt={6} size="xs" label={t("orders.form.codManual")} checked={value.codManual} onChange={(e) => onChange({ codManual: e.currentTarget.checked, cod: totals.cod })} />
        </Grid.Col>
      </Grid>
      <Group mt="sm" gap="xl">
        <Text size="sm">
          {t("orders.form.itemsTotal")}: <b>{formatVnd(totals.lines)}</b>
        </Text>
        <Text size="sm">
          {t("orders.form.total")}: <b data-testid="order-total">{formatVnd(totals.cod)}</b>
        </Text>
      </Group>
      <Textarea mt="sm" label={t("orders.form.note")} value={value.note} onChange={(e) => onChange({ note: e.currentTarget.value })} error={fieldError("note")} autosize minRows={2} />
    </Paper>
  );
}
