import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { HydrationMark } from "~/components/layout/hydration-mark";
import { TRPCReactProvider } from "~/trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Atrium", template: "%s · Atrium" },
  description: "Shared sandboxed code workspaces for people and AI agents",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Applies the saved or system theme before first paint, so there is no flash of the wrong theme.
const themeScript = `(function(){try{var t=localStorage.getItem("atrium-theme");if(t!=="light"&&t!=="dark"){t=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.dataset.theme=t}catch(e){}})()`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
        <HydrationMark />
      </body>
    </html>
  );
}
