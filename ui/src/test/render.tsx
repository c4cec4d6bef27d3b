import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { initI18n } from "../i18n";
import { makeQueryClient, Providers } from "../providers";

export function renderApp(ui: ReactElement) {
  initI18n("vi");
  return render(<Providers client={makeQueryClient()}>{ui}</Providers>);
}
