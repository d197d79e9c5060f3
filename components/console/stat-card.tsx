import type { ReactNode } from "react";

import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

/** One figure with its label and a line of detail (the overview's and the fund flow's cards). */
export function StatCard({ label, value, detail, testId }: { label: string; value: ReactNode; detail: ReactNode; testId?: string }) {
  return (
    <Card className="gap-2 py-5" data-testid={testId}>
      <CardHeader className="px-5">
        <CardTitle className="text-muted-foreground text-sm font-medium">{label}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-1 px-5">
        <p className="text-2xl font-semibold tabular-nums">{value}</p>
        <p className="text-muted-foreground text-xs">{detail}</p>
      </CardContent>
    </Card>
  );
}
