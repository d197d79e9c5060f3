import { QrCode } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { ConsoleNav, type NavItem } from "@/components/console/console-nav";
import { SignOutButton } from "@/components/console/sign-out-button";
import { LocaleSwitcher } from "@/components/locale-switcher";
import { Badge } from "@/components/ui/badge";
import { can } from "@/lib/auth/roles";
import type { Operator } from "@/lib/auth/users";

function navFor(operator: Operator): NavItem[] {
  const items: NavItem[] = [
    { href: "/", key: "overview" },
    { href: "/orders", key: "orders" },
    { href: "/notifications", key: "notifications" },
    { href: "/gateway-calls", key: "gatewayCalls" },
    { href: "/reconciliation", key: "reconciliation" },
    { href: "/funds", key: "funds" },
    { href: "/alerts", key: "alerts" },
  ];
  if (can(operator.role, "audit.read")) items.push({ href: "/audit", key: "audit" });
  if (can(operator.role, "settings.manage")) items.push({ href: "/settings", key: "settings" });
  return items;
}

export async function SiteHeader({ operator }: { operator: Operator }) {
  const [t, tRoles] = await Promise.all([getTranslations("App"), getTranslations("Roles")]);

  return (
    <header className="bg-card/90 supports-[backdrop-filter]:bg-card/75 sticky top-0 z-40 border-b backdrop-blur">
      <div className="mx-auto w-full max-w-7xl px-4 sm:px-6">
        <div className="flex h-14 items-center justify-between gap-4">
          <Link href="/" className="flex min-w-0 items-center gap-2.5 font-semibold tracking-tight">
            <span className="bg-primary text-primary-foreground flex size-8 shrink-0 items-center justify-center rounded-lg">
              <QrCode aria-hidden className="size-4.5" />
            </span>
            <span className="truncate">{t("name")}</span>
          </Link>
          <div className="flex items-center gap-2">
            <LocaleSwitcher />
            <span className="text-muted-foreground hidden max-w-48 truncate text-sm md:inline" title={operator.email}>
              {operator.name ?? operator.email}
            </span>
            <Badge variant="secondary">{tRoles(operator.role)}</Badge>
            <SignOutButton />
          </div>
        </div>
        <ConsoleNav items={navFor(operator)} />
      </div>
    </header>
  );
}
