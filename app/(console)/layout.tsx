// The operator's pages: signed in, the console's header and navigation above each. Each page checks
// the session and its permission itself as well: layouts and pages render independently.
import { redirect } from "next/navigation";
import type { ReactNode } from "react";

import { SiteHeader } from "@/components/site-header";
import { getOperator } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: Readonly<{ children: ReactNode }>) {
  const operator = await getOperator();
  if (!operator) redirect("/login?expired=1");
  return (
    <>
      <SiteHeader operator={operator} />
      {children}
    </>
  );
}
