import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { connection } from "next/server";
import { THEME_COOKIE, parseTheme } from "@/components/app/theme";
import type { ReactNode } from "react";
import { ZodJitless } from "@/components/ui/zod-jitless";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "FlowMaestro", template: "%s · FlowMaestro" },
  description: "Draw workflows, run them, and watch every step live.",
};

export const viewport: Viewport = { themeColor: "#4f46e5" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts must carry the nonce of that request's CSP
  // (proxy.ts); a page prerendered at build time would carry none and be blocked.
  await connection();
  // A chosen theme is on <html> from the first byte (no flash); "system" leaves it to the media query.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body className="min-h-dvh font-sans">
        <ZodJitless />
        {children}
      </body>
    </html>
  );
}
