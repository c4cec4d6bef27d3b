import { AppShell, Group, NavLink, ScrollArea, Text, Title } from "@mantine/core";
import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { HashRouter, Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { DemoBanner } from "./components/DemoBanner";
import { Shortcuts } from "./components/Shortcuts";
import { UpdateBanner } from "./components/UpdateBanner";
import { useDataChangedInvalidation } from "./queries/events";
import { useRecovery, useSettings } from "./queries/settings";
import { ipc } from "./ipc";
import { NAV } from "./nav";
import { HomePage } from "./pages/home/HomePage";
import { RecoveryScreen } from "./pages/RecoveryScreen";

// Home is the first screen and is in the main bundle, so its figures paint without a second load; every other
// page is loaded when first opened, so an idle window holds only the code it shows (idle memory, #21). The Stock
// page's first rows are still read at launch (`launch`), once Home's figures are on screen.
const StockPage = lazy(() => import("./pages/stock/StockPage").then((m) => ({ default: m.StockPage })));
const AccountsPage = lazy(() => import("./pages/accounts/AccountsPage").then((m) => ({ default: m.AccountsPage })));
const FilesPage = lazy(() => import("./pages/files/FilesPage").then((m) => ({ default: m.FilesPage })));
const InboundPage = lazy(() => import("./pages/inbound/InboundPage").then((m) => ({ default: m.InboundPage })));
const ImportPage = lazy(() => import("./pages/orders/ImportPage").then((m) => ({ default: m.ImportPage })));
const OrderForm = lazy(() => import("./pages/orders/OrderForm").then((m) => ({ default: m.OrderForm })));
const OrderFixPage = lazy(() => import("./pages/orders/OrderFixPage").then((m) => ({ default: m.OrderFixPage })));
const OrdersPage = lazy(() => import("./pages/orders/OrdersPage").then((m) => ({ default: m.OrdersPage })));
const ReturnsPage = lazy(() => import("./pages/returns/ReturnsPage").then((m) => ({ default: m.ReturnsPage })));
const ProductsPage = lazy(() => import("./pages/products/ProductsPage").then((m) => ({ default: m.ProductsPage })));
const SettingsPage = lazy(() => import("./pages/SettingsPage").then((m) => ({ default: m.SettingsPage })));

/** A page once its code has loaded and it rendered (the soak benchmark waits on `page-<key>`). */
function page(key: string, element: ReactNode) {
  return <div data-testid={`page-${key}`}>{element}</div>;
}

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
        <Shortcuts />
        <div style={{ padding: "var(--mantine-spacing-lg)" }}>
        <Suspense fallback={null}>
        <Routes>
          <Route path="/" element={<Navigate to="/home" replace />} />
          <Route path="/home" element={page("home", <HomePage />)} />
          <Route path="/stock" element={page("stock", <StockPage />)} />
          <Route path="/orders" element={page("orders", <OrdersPage />)} />
          <Route path="/orders/new" element={page("order-form", <OrderForm />)} />
          <Route path="/orders/fix/:id" element={page("order-fix", <OrderFixPage />)} />
          <Route path="/orders/import" element={page("order-import", <ImportPage />)} />
          <Route path="/returns" element={page("returns", <ReturnsPage />)} />
          <Route path="/inbound" element={page("inbound", <InboundPage />)} />
          <Route path="/products" element={page("products", <ProductsPage />)} />
          <Route path="/files" element={page("files", <FilesPage />)} />
          <Route path="/accounts" element={page("accounts", <AccountsPage />)} />
          <Route path="/settings" element={page("settings", <SettingsPage />)} />
          <Route path="*" element={<Navigate to="/home" replace />} />
        </Routes>
        </Suspense>
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
