import { createTheme, MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { showError } from "./components/errors";

const theme = createTheme({
  primaryColor: "teal",
  fontFamily: "'Be Vietnam Pro', 'Segoe UI', system-ui, -apple-system, 'Noto Sans', sans-serif",
  defaultRadius: "md",
});

export function makeQueryClient() {
  return new QueryClient({
    // every failed backend call surfaces as one localized toast (but background checks with query meta
    // `silentErrors`, which the user did not ask for)
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (!query.meta?.silentErrors) showError(error);
      },
    }),
    // forms show their own errors inline (mutation meta `inlineErrors`)
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (!mutation.meta?.inlineErrors) showError(error);
      },
    }),
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
  });
}

export function Providers({ children, client }: { children: ReactNode; client: QueryClient }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
