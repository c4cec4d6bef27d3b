import {
  IconArrowBackUp,
  IconBox,
  IconBuildingWarehouse,
  IconFiles,
  IconLayoutDashboard,
  IconPackageImport,
  IconPlugConnected,
  IconReceipt,
  IconSettings,
} from "@tabler/icons-react";
import type { ComponentType } from "react";

export type PageKey = "home" | "stock" | "orders" | "returns" | "inbound" | "products" | "files" | "accounts" | "settings";

/** The navigation, in the order a shop owner uses it: the day's overview first, then stock, every morning. */
export const NAV: { key: PageKey; path: string; icon: ComponentType<{ size?: number; stroke?: number }> }[] = [
  { key: "home", path: "/home", icon: IconLayoutDashboard },
  { key: "stock", path: "/stock", icon: IconBuildingWarehouse },
  { key: "orders", path: "/orders", icon: IconReceipt },
  { key: "returns", path: "/returns", icon: IconArrowBackUp },
  { key: "inbound", path: "/inbound", icon: IconPackageImport },
  { key: "products", path: "/products", icon: IconBox },
  { key: "files", path: "/files", icon: IconFiles },
  { key: "accounts", path: "/accounts", icon: IconPlugConnected },
  { key: "settings", path: "/settings", icon: IconSettings },
];
