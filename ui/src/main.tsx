import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { initI18n } from "./i18n";
import { makeQueryClient, Providers } from "./providers";
import { prefetchHome } from "./queries/home";
import { prefetchFirstScreen } from "./queries/stock";

initI18n("vi");
const client = makeQueryClient();
// the landing page's figures first, then the Stock page's first rows
prefetchHome(client);
prefetchFirstScreen(client);
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Providers client={client}>
        <App />
      </Providers>
    </StrictMode>,
  );
}
