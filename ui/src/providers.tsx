import { createTheme, MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { showError } from "./components/errors";

/**
 * The platform's own UI font. On Linux (WebKitGTK) that is fontconfig's `sans-serif`, named alone: every other
 * name in a list costs the web process a fontconfig lookup per size and weight before its first paint (a
 * five-name list cost about 250 ms of the first screen, #21). Windows and macOS resolve names natively.
 */
export function uiFonts(userAgent: string) {
  const native = /Windows|Macintosh|Mac OS X/.test(userAgent);
  const sans = native ? "system-ui, 'Segoe UI', -apple-system, sans-serif" : "sans-serif";
  const mono = native ? "ui-monospace, Consolas, Menlo, monospace" : "monospace";
  return { fontFamily: sans, fontFamilyMonospace: mono, headings: { fontFamily: sans } };
}

const theme = createTheme({
  primaryColor: "teal",
  ...uiFonts(navigator.userAgent),
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
