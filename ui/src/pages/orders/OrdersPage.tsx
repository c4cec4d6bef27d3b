import { Badge, Button, Group, Tabs } from "@mantine/core";
import { IconFileImport, IconPlus, IconReceipt } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { needsAction } from "../../lib/outbox";
import { useWorkspace } from "../../queries/accounts";
import { useOutbox } from "../../queries/orders";
import { OrderList } from "./OrderList";
import { OutboxList } from "./OutboxList";

/** Orders: one list across accounts, the orders sent from ShopDesk with their state, create and import. */
export function OrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "all";
  const ws = useWorkspace().data;
  const outbox = useOutbox(!!ws && ws.accounts.length > 0);
  const attention = (outbox.data?.entries ?? []).filter(needsAction).length;
  if (ws && ws.accounts.length === 0) {
    return (
      <>
        <PageHeader title={t("pages.orders.title")} />
        <EmptyState icon={<IconReceipt size={34} stroke={1.5} />} title={t("pages.orders.emptyTitle")} body={t("pages.orders.emptyBody")} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t("pages.orders.title")}>
        <Group>
          <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => navigate("/orders/import")} data-testid="orders-import">
            {t("orders.import.open")}
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={() => navigate("/orders/new")} data-testid="orders-new">
            {t("orders.new")}
          </Button>
        </Group>
      </PageHeader>
      <Tabs value={tab} onChange={(v) => setParams({ tab: v ?? "all" })}>
        <Tabs.List mb="md">
          <Tabs.Tab value="all" data-testid="orders-tab-all">
            {t("orders.tabs.all")}
          </Tabs.Tab>
          <Tabs.Tab
            value="sent"
            data-testid="orders-tab-sent"
            data-attention={attention}
            rightSection={
              attention > 0 ? (
                <Badge size="xs" color="orange" circle title={t("orders.fix.attention", { count: attention })} data-testid="orders-attention">
                  {attention}
                </Badge>
              ) : null
            }
          >
            {t("orders.tabs.sent")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="all">{tab === "all" && <OrderList />}</Tabs.Panel>
        <Tabs.Panel value="sent">{tab === "sent" && <OutboxList />}</Tabs.Panel>
      </Tabs>
    </>
  );
}
