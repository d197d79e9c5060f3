"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useRef } from "react";

import type { FeedItem } from "@/lib/events/items";
import { cn } from "@/lib/utils";

import { useConsoleFeed } from "./use-console-feed";

/** At most one reload of the page's data per this long, however fast changes come. */
const REFRESH_MS = 700;

export type LiveTopic = { kind: FeedItem["kind"]; orderId?: string };

/**
 * Keeps a server-rendered page current: when the feed reports a change the page shows, the page's data
 * is read again (router.refresh keeps the client state: scroll, open forms).
 */
export function LiveRefresh({ since, topics }: { since: string; topics: LiveTopic[] }) {
  const t = useTranslations("Live");
  const router = useRouter();
  const timer = useRef<number | null>(null);
  const lastRefresh = useRef(0);

  const refresh = useCallback(() => {
    if (timer.current !== null) return;
    const wait = Math.max(0, lastRefresh.current + REFRESH_MS - Date.now());
    timer.current = window.setTimeout(() => {
      timer.current = null;
      lastRefresh.current = Date.now();
      router.refresh();
    }, wait);
  }, [router]);

  const state = useConsoleFeed(
    since,
    (items) => {
      const concerned = items.some((item) =>
        topics.some((topic) => topic.kind === item.kind && (topic.orderId === undefined || topic.orderId === item.orderId)),
      );
      if (concerned) refresh();
    },
    refresh,
  );

  return (
    <p className="text-muted-foreground flex items-center gap-2 text-xs" role="status" aria-live="polite" data-live-state={state}>
      <span className={cn("size-2 rounded-full", state === "live" ? "bg-success" : "bg-warning animate-pulse")} aria-hidden />
      {t(state)}
    </p>
  );
}
