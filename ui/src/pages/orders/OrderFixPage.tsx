import { Loader } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { EmptyState } from "../../components/EmptyState";
import { canFix } from "../../lib/outbox";
import { useOutbox } from "../../queries/orders";
import { OrderForm } from "./OrderForm";

/** `/orders/fix/:id`: a refused order opened in the form, prefilled, to be fixed and sent again. */
export function OrderFixPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const outbox = useOutbox();
  if (outbox.isPending) return <Loader size="sm" />;
  const entry = outbox.data?.entries.find((e) => String(e.id) === id);
  if (!entry || !canFix(entry))
    return <EmptyState icon={<IconSend size={34} stroke={1.5} />} title={t("orders.fix.goneTitle")} body={t("orders.fix.goneBody")} />;
  return <OrderForm key={entry.id} fix={entry} />;
}
