import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { initI18n } from "../i18n";
import type { QueryClient } from "@tanstack/react-query";
import { makeQueryClient, Providers } from "../providers";

export function renderApp(ui: ReactElement) {
  initI18n("vi");
  return render(<Providers client={makeQueryClient()}>{ui}</Providers>);
}

/** As `renderApp`, on a query client the test prepared (e.g. what `launch` asked before the first render). */
export function renderAppWith(client: QueryClient, ui: ReactElement) {
  initI18n("vi");
  return render(<Providers client={client}>{ui}</Providers>);
}
