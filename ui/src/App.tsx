import { AppShell, Group, NavLink, ScrollArea, Text, Title } from "@mantine/core";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { HashRouter, Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { DemoBanner } from "./components/DemoBanner";
import { UpdateBanner } from "./components/UpdateBanner";
import { useDataChangedInvalidation } from "./queries/events";
import { useRecovery, useSettings } from "./queries/settings";
import { ipc } from "./ipc";
import { NAV } from "./nav";
import { AccountsPage } from "./pages/accounts/AccountsPage";
import { FilesPage } from "./pages/files/FilesPage";
import { InboundPage } from "./pages/inbound/InboundPage";
import { ImportPage } from "./pages/orders/ImportPage";
import { OrderForm } from "./pages/orders/OrderForm";
import { OrdersPage } from "./pages/orders/OrdersPage";
import { ReturnsPage } from "./pages/returns/ReturnsPage";
import { ProductsPage } from "./pages/products/ProductsPage";
import { StockPage } from "./pages/stock/StockPage";
import { RecoveryScreen } from "./pages/RecoveryScreen";
import { SettingsPage } from "./pages/SettingsPage";

export function Shell() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const settingsQuery = useSettings();
  const recovery = useRecovery();
  useDataChangedInvalidation();
  const settings = settingsQuery.data;

  // apply the persisted language once the backend has answered
  useEffect(() => {
    if (settings && i18n.language !== settings.language) {
      void i18n.changeLanguage(settings.language);
      document.documentElement.lang = settings.language;
    }
  }, [settings, i18n]);

  const ready = !settingsQuery.isPending;
  useEffect(() => {
    if (ready) void ipc.uiReady();
  }, [ready]);

  // wait for the persisted language (one fast local call) so the UI never flashes the wrong language
  if (settingsQuery.isPending || recovery.isPending) return null;
  // a local database could not be opened: say so and offer the way out, instead of a broken app
  if (recovery.data) return <RecoveryScreen view={recovery.data} onResolved={() => window.location.reload()} />;

  return (
    <AppShell navbar={{ width: 232, breakpoint: 0 }}>
      <AppShell.Navbar p="sm" aria-label={t("nav.label")}>
        <Group gap="xs" px="xs" py="md">
          <img src="/logo.svg" width={28} height={28} alt="" />
          <Title order={3}>{t("app.name")}</Title>
        </Group>
        <ScrollArea style={{ flex: 1 }}>
          {NAV.map(({ key, path, icon: Icon }) => (
            <NavLink
              key={key}
              data-testid={`nav-${key}`}
              label={<Text size="sm">{t(`nav.${key}`)}</Text>}
              leftSection={<Icon size={20} stroke={1.6} />}
              active={location.pathname.startsWith(path)}
              onClick={() => navigate(path)}
              variant="light"
              style={{ borderRadius: 8 }}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <UpdateBanner />
        <DemoBanner />
        <div style={{ padding: "var(--mantine-spacing-lg)" }}>
        <Routes>
          <Route path="/" element={<Navigate to="/stock" replace />} />
          <Route path="/stock" element={<StockPage />} />
          <Route path="/orders" element={<OrdersPage />} />
          <Route path="/orders/new" element={<OrderForm />} />
          <Route path="/orders/import" element={<ImportPage />} />
          <Route path="/returns" element={<ReturnsPage />} />
          <Route path="/inbound" element={<InboundPage />} />
          <Route path="/products" element={<ProductsPage />} />
          <Route path="/files" element={<FilesPage />} />
          <Route path="/accounts" element={<AccountsPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<Navigate to="/stock" replace />} />
        </Routes>
        </div>
      </AppShell.Main>
    </AppShell>
  );
}

export function App() {
  return (
    <HashRouter>
      <Shell />
    </HashRouter>
  );
}
