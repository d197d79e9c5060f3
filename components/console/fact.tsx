import type { ReactNode } from "react";

/** One labelled value in a `<dl>` of facts: the label small and muted, the value free to wrap anywhere. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="space-y-0.5">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="text-sm [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}
