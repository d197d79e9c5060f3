"use client";

import { useEffect, useRef, useState } from "react";

import { FEED_EVENT, RESYNC_EVENT, type FeedItem } from "@/lib/events/items";

export type FeedState = "connecting" | "live" | "reconnecting";

/**
 * Follows /api/events from `since` (the page's own position, so nothing between its render and the
 * connection is missed). The browser reconnects by itself and resumes after the last event it got.
 */
export function useConsoleFeed(since: string, onItems: (items: FeedItem[]) => void, onResync: () => void): FeedState {
  const [state, setState] = useState<FeedState>("connecting");
  const handlers = useRef({ onItems, onResync });
  handlers.current = { onItems, onResync };

  useEffect(() => {
    const source = new EventSource(`/api/events?since=${encodeURIComponent(since)}`);
    source.addEventListener("open", () => setState("live"));
    source.addEventListener(FEED_EVENT, (event: MessageEvent<string>) => {
      const data = JSON.parse(event.data) as { items: FeedItem[] };
      handlers.current.onItems(data.items);
    });
    source.addEventListener(RESYNC_EVENT, () => handlers.current.onResync());
    source.addEventListener("error", () => {
      // CLOSED: the server refused (signed out, session over): the page's next load shows the sign-in.
      if (source.readyState === EventSource.CLOSED) window.location.reload();
      else setState("reconnecting");
    });
    return () => source.close();
    // `since` only seeds the first connection; later ones resume from the stream's own ids.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return state;
}
