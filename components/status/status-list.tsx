import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

import { cn } from "@/lib/utils";

/** A titled group of label/value rows inside the status card. */
export function StatusSection({ icon: Icon, title, children }: { icon: LucideIcon; title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="flex items-center gap-2 text-sm font-semibold">
        <Icon aria-hidden className="text-muted-foreground size-4" />
        {title}
      </h3>
      {children}
    </section>
  );
}

export function StatusList({ children }: { children: ReactNode }) {
  return <dl className="divide-y">{children}</dl>;
}

export function StatusRow({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 text-sm last:pb-0 sm:grid-cols-[13rem_minmax(0,1fr)] sm:gap-6">
      <dt className="text-muted-foreground">
        {label}
        {hint ? <span className="text-muted-foreground block text-xs">{hint}</span> : null}
      </dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

/** A technical value (URL, id) shown verbatim and allowed to wrap inside a long token. */
export function MonoValue({ children, className, title }: { children: ReactNode; className?: string; title?: string }) {
  return (
    <span title={title} className={cn("font-mono text-[13px] wrap-anywhere", className)}>
      {children}
    </span>
  );
}

/** `ab12…ef90`, with the whole fingerprint on hover to compare against the key in Alipay's console. */
export function Fingerprint({ value }: { value: string }) {
  const short = value.length > 12 ? `${value.slice(0, 4)}…${value.slice(-4)}` : value;
  return (
    <MonoValue title={value} className="bg-muted rounded px-1.5 py-0.5">
      {short}
    </MonoValue>
  );
}
