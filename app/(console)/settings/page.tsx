// /settings – for admins: the configuration's health, the go-live self-test, accounts and roles, API keys.
import { getTranslations } from "next-intl/server";

import { Forbidden } from "@/components/console/forbidden";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { ConfigHealthCard } from "@/components/settings/config-health";
import { SelfTestPanel } from "@/components/settings/self-test-panel";
import { UsersPanel } from "@/components/settings/users-panel";
import { can } from "@/lib/auth/roles";
import { requireOperator } from "@/lib/auth/session";
import { settingsData } from "@/lib/console/settings";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("Settings");
  return { title: t("title") };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export default async function SettingsPage() {
  const operator = await requireOperator("/settings");
  if (!can(operator.role, "settings.manage")) return <Forbidden needs="admin" current={operator.role} />;
  const [t, data] = await Promise.all([getTranslations("Settings"), settingsData(getDb())]);
  const users = data.users.map((user) => ({ ...user, disabledAt: iso(user.disabledAt), lastSignInAt: iso(user.lastSignInAt), createdAt: user.createdAt.toISOString() }));
  const apiKeys = data.apiKeys.map((key) => ({ ...key, createdAt: key.createdAt.toISOString(), lastUsedAt: iso(key.lastUsedAt), revokedAt: iso(key.revokedAt) }));

  return (
    <main className="mx-auto w-full max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-muted-foreground text-sm">{t("description")}</p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <ConfigHealthCard config={data.config} notifications={data.notifications} />
        <SelfTestPanel configured={data.config.ok} appPublicKeyConfigured={data.config.ok && data.config.appPublicKeyGiven !== null} />
      </div>
      <UsersPanel users={users} currentUserId={operator.id} />
      <ApiKeysPanel apiKeys={apiKeys} />
    </main>
  );
}
