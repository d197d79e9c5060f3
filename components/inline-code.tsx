import type { ReactNode } from "react";

/** Code inside running text, e.g. as the `code` tag of a rich next-intl message. */
export function InlineCode({ children }: { children: ReactNode }) {
  return <code className="bg-foreground/[0.06] text-foreground rounded px-1 py-0.5 font-mono text-[0.875em]">{children}</code>;
}
