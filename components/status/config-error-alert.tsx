import { CircleAlert } from "lucide-react";
import { getTranslations } from "next-intl/server";

import { InlineCode } from "@/components/inline-code";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/** The configuration problems from `getEnv()`: variable names and rules, never values. */
export async function ConfigErrorAlert({ problems }: { problems: string[] }) {
  const t = await getTranslations("ConfigError");

  return (
    <Alert variant="destructive" className="border-destructive/40 bg-destructive/5 *:data-[slot=alert-description]:text-foreground/80">
      <CircleAlert aria-hidden />
      <AlertTitle className="line-clamp-none font-semibold">{t("title")}</AlertTitle>
      <AlertDescription className="gap-2">
        <p>{t("description")}</p>
        <ul className="text-foreground list-disc space-y-1 pl-5 font-mono text-[13px] wrap-anywhere">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
        <p>{t.rich("action", { code: (chunks) => <InlineCode>{chunks}</InlineCode> })}</p>
      </AlertDescription>
    </Alert>
  );
}
