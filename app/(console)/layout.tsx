// The operator's pages: the console's header above each.
import type { ReactNode } from "react";

import { SiteHeader } from "@/components/site-header";

export default function ConsoleLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <>
      <SiteHeader />
      {children}
    </>
  );
}
