import { Wallet } from "lucide-react";
import { getTranslations } from "next-intl/server";

import { Fingerprint, MonoValue, StatusList, StatusRow, StatusSection } from "@/components/status/status-list";
import { Badge } from "@/components/ui/badge";
import type { AlipayEnvironment, AlipayStatus } from "@/lib/status";

const environmentBadge = {
  production: "default",
  sandbox: "secondary",
  local: "outline",
} as const satisfies Record<AlipayEnvironment, string>;

export async function AlipayStatusSection({ alipay }: { alipay: AlipayStatus }) {
  const t = await getTranslations("Status.alipay");

  return (
    <StatusSection icon={Wallet} title={t("title")}>
      {alipay.configured ? (
        <StatusList>
          <StatusRow label={t("environment")}>
            <Badge variant={environmentBadge[alipay.environment]}>{t(`environments.${alipay.environment}`)}</Badge>
          </StatusRow>
          <StatusRow label={t("gateway")}>
            <MonoValue>{alipay.gatewayUrl}</MonoValue>
          </StatusRow>
          <StatusRow label={t("appId")}>
            <MonoValue>{alipay.appId}</MonoValue>
          </StatusRow>
          {alipay.sellerId ? (
            <StatusRow label={t("sellerId")}>
              <MonoValue>{alipay.sellerId}</MonoValue>
            </StatusRow>
          ) : null}
          <StatusRow label={t("notifyUrl")}>
            <MonoValue>{alipay.notifyUrl}</MonoValue>
          </StatusRow>
          <StatusRow label={t("appPublicKey")} hint={t("fingerprint")}>
            <Fingerprint value={alipay.appPublicKeyFingerprint} />
          </StatusRow>
          <StatusRow label={t("alipayPublicKey")} hint={t("fingerprint")}>
            <Fingerprint value={alipay.alipayPublicKeyFingerprint} />
          </StatusRow>
        </StatusList>
      ) : (
        <p className="text-muted-foreground py-2.5 text-sm">{t("notConfigured")}</p>
      )}
    </StatusSection>
  );
}
