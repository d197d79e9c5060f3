"use client";

import { Activity, ArrowLeftRight, Bell, FileSpreadsheet, Siren, LayoutDashboard, ListOrdered, ScrollText, Settings, Wallet } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

import { cn } from "@/lib/utils";

export type NavItem = { href: string; key: "overview" | "orders" | "notifications" | "gatewayCalls" | "reconciliation" | "funds" | "alerts" | "audit" | "settings" };

const ICONS = { overview: LayoutDashboard, orders: ListOrdered, notifications: Bell, gatewayCalls: ArrowLeftRight, reconciliation: FileSpreadsheet, funds: Wallet, alerts: Siren, audit: ScrollText, settings: Settings };

export function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function ConsoleNav({ items }: { items: NavItem[] }) {
  const t = useTranslations("Nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} className="-mb-px flex gap-1 overflow-x-auto">
      {items.map((item) => {
        const Icon = ICONS[item.key] ?? Activity;
        const active = isActive(pathname, item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex shrink-0 items-center gap-1.5 border-b-2 px-3 py-2.5 text-sm font-medium transition-colors",
              active ? "border-primary text-foreground" : "text-muted-foreground hover:text-foreground border-transparent",
            )}
          >
            <Icon aria-hidden className="size-4" />
            {t(item.key)}
          </Link>
        );
      })}
    </nav>
  );
}
