import { Stethoscope } from "lucide-react";
import { useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { SignatureDiagnosis } from "@/lib/alipay/diagnose-signature";

/** Why a signature most likely failed, in plain words, and the work that shows it. */
export function DiagnosisPanel({ diagnosis }: { diagnosis: SignatureDiagnosis }) {
  const t = useTranslations("Diagnosis");
  const opened = diagnosis.signatureOpened;
  return (
    <Card className="border-destructive/40" data-cause={diagnosis.cause}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Stethoscope aria-hidden className="size-5" />
          {t("title")}
        </CardTitle>
        <CardDescription>{t("intro")}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="space-y-1">
          <p className="text-muted-foreground text-xs font-medium">{t("cause")}</p>
          <h3 className="text-lg font-semibold" data-testid="diagnosis-cause">
            {t(`causes.${diagnosis.cause}.title`)}
          </h3>
          <p className="text-sm leading-relaxed">{t(`causes.${diagnosis.cause}.explanation`)}</p>
        </div>
        <div className="bg-muted/60 space-y-1 rounded-md p-3">
          <p className="text-xs font-medium">{t("action")}</p>
          <p className="text-sm leading-relaxed">{t(`causes.${diagnosis.cause}.action`)}</p>
        </div>
        <div className="space-y-2">
          <p className="text-xs font-medium">{t("tried")}</p>
          <ul className="space-y-1">
            {diagnosis.tried.map((attempt) => (
              <li key={attempt.hypothesis} className="flex items-center justify-between gap-3 text-sm">
                <span>{t(`hypotheses.${attempt.hypothesis}`)}</span>
                <Badge variant={attempt.verified ? "success" : "outline"}>{attempt.verified ? t("verified") : t("notVerified")}</Badge>
              </li>
            ))}
          </ul>
        </div>
        {opened ? (
          <dl className="grid gap-2 text-sm sm:grid-cols-[12rem_1fr]">
            <dt className="text-muted-foreground">{t("opened.wellFormed")}</dt>
            <dd>{opened.wellFormed ? t("opened.wellFormedYes") : t("opened.wellFormedNo")}</dd>
            {opened.digestAlgorithm ? (
              <>
                <dt className="text-muted-foreground">{t("opened.digestAlgorithm")}</dt>
                <dd>{opened.digestAlgorithm}</dd>
              </>
            ) : null}
            {opened.signedDigest ? (
              <>
                <dt className="text-muted-foreground">{t("opened.signedDigest")}</dt>
                <dd className="font-mono text-xs break-all">{opened.signedDigest}</dd>
              </>
            ) : null}
            {opened.receivedDigest ? (
              <>
                <dt className="text-muted-foreground">{t("opened.receivedDigest")}</dt>
                <dd className="font-mono text-xs break-all">{opened.receivedDigest}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
      </CardContent>
    </Card>
  );
}
