"use client";
// The server's time as the page estimates it, ticking every second while `running`: the countdown and
// the switch to "expired" follow the server's clock, not a phone's that may be minutes off.
import { useEffect, useState } from "react";

export function useServerClock(serverNow: string, running: boolean): number {
  const [now, setNow] = useState(() => Date.parse(serverNow));
  const [offset] = useState(() => Date.parse(serverNow) - Date.now());

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now() + offset), 1_000);
    return () => clearInterval(timer);
  }, [offset, running]);

  return now;
}
