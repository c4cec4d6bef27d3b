import { useTranslation } from "react-i18next";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { NAV, type PageKey } from "../nav";

/** A page whose capability has not landed yet: a clear empty state that says what will appear here. */
export function EmptyPage({ page }: { page: Exclude<PageKey, "settings" | "accounts" | "stock" | "products"> }) {
  const { t } = useTranslation();
  const Icon = NAV.find((n) => n.key === page)?.icon;
  return (
    <>
      <PageHeader title={t(`pages.${page}.title`)} />
      <EmptyState
        icon={Icon ? <Icon size={34} stroke={1.5} /> : null}
        title={t(`pages.${page}.emptyTitle`)}
        body={t(`pages.${page}.emptyBody`)}
      />
    </>
  );
}
