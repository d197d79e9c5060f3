"use client";

import { useEffect, useRef, useState } from "react";

import { FEED_EVENT, RESYNC_EVENT, type FeedItem } from "@/lib/events/items";

export type FeedState = "connecting" | "live" | "reconnecting";

type Listener = { onItems(items: FeedItem[]): void; onResync(): void; onState(state: FeedState): void };
type Connection = { source: EventSource; state: FeedState; listeners: Set<Listener> };

/** The widgets of one page (the overview's alerts and its live list) share one stream: one connection per page. */
const connections = new Map<string, Connection>();

function connect(since: string): Connection {
  const existing = connections.get(since);
  if (existing) return existing;
  const source = new EventSource(`/api/events?since=${encodeURIComponent(since)}`);
  const connection: Connection = { source, state: "connecting", listeners: new Set() };
  const setState = (state: FeedState) => {
    connection.state = state;
    for (const listener of connection.listeners) listener.onState(state);
  };
  source.addEventListener("open", () => setState("live"));
  source.addEventListener(FEED_EVENT, (event: MessageEvent<string>) => {
    const data = JSON.parse(event.data) as { items: FeedItem[] };
    for (const listener of connection.listeners) listener.onItems(data.items);
  });
  source.addEventListener(RESYNC_EVENT, () => {
    for (const listener of connection.listeners) listener.onResync();
  });
  source.addEventListener("error", () => {
    // CLOSED: the server refused (signed out, session over): the page's next load shows the sign-in.
    if (source.readyState === EventSource.CLOSED) window.location.reload();
    else setState("reconnecting");
  });
  connections.set(since, connection);
  return connection;
}

/**
 * Follows /api/events from `since` (the page's own position, so nothing between its render and the
 * connection is missed). The browser reconnects by itself and resumes after the last event it got.
 */
export function useConsoleFeed(since: string, onItems: (items: FeedItem[]) => void, onResync: () => void): FeedState {
  const [state, setState] = useState<FeedState>("connecting");
  const handlers = useRef({ onItems, onResync });
  handlers.current = { onItems, onResync };

  useEffect(() => {
    const connection = connect(since);
    const listener: Listener = { onItems: (items) => handlers.current.onItems(items), onResync: () => handlers.current.onResync(), onState: setState };
    connection.listeners.add(listener);
    setState(connection.state);
    return () => {
      connection.listeners.delete(listener);
      if (connection.listeners.size === 0) {
        connection.source.close();
        connections.delete(since);
      }
    };
    // `since` only seeds the first connection; later ones resume from the stream's own ids.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return state;
}
