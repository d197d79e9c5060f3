// A checkout that is not waiting for the buyer any more (paid, expired, closed) or cannot (no QR, no
// such order): an icon in the state's colour, a heading, and what to do next.
import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

import { cn } from "@/lib/utils";

const TONES = {
  success: "bg-success/10 text-success",
  neutral: "bg-muted text-muted-foreground",
  warning: "bg-warning/10 text-warning",
} as const;

type CheckoutOutcomeProps = {
  icon: LucideIcon;
  tone: keyof typeof TONES;
  title: string;
  children?: ReactNode;
};

export function CheckoutOutcome({ icon: Icon, tone, title, children }: CheckoutOutcomeProps) {
  return (
    <div className="flex flex-col items-center gap-3 text-center">
      <span className={cn("flex size-14 items-center justify-center rounded-full", TONES[tone])}>
        <Icon aria-hidden className="size-7" />
      </span>
      <h2 className="text-xl font-semibold tracking-tight">{title}</h2>
      {children ? <div className="text-muted-foreground w-full max-w-xs space-y-4 text-sm leading-relaxed text-pretty">{children}</div> : null}
    </div>
  );
}
