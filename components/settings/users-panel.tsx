"use client";

import { LoaderCircle, UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { postConsole, type ConsoleError } from "@/components/orders/console-request";
import { ConsoleErrorAlert } from "@/components/settings/console-error-alert";
import { SecretOnce } from "@/components/settings/secret-once";
import { SettingsCard } from "@/components/settings/settings-card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ROLES, type Role } from "@/lib/auth/roles";

export type UserRow = { id: string; email: string; name: string | null; role: string; disabledAt: string | null; lastSignInAt: string | null; createdAt: string };

type Change = { change: "role"; role: Role } | { change: "disable" } | { change: "enable" } | { change: "reset_password" };

/** Accounts and roles: create (a password generated and shown once), change role, disable, reset a password. */
export function UsersPanel({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  const t = useTranslations("Settings.users");
  const tRoles = useTranslations("Roles");
  const format = useFormatter();
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [secret, setSecret] = useState<{ email: string; password: string } | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy("create");
    setError(null);
    const result = await postConsole<{ user: { email: string }; password: string }>("/api/console/users", {
      email: String(form.get("email") ?? "").trim(),
      name: String(form.get("name") ?? "").trim() || undefined,
      role: String(form.get("role") ?? "viewer"),
    });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    formElement.reset();
    setSecret({ email: result.data.user.email, password: result.data.password });
    router.refresh();
  }

  async function change(user: UserRow, body: Change) {
    if (body.change === "reset_password" && !window.confirm(t("confirmReset", { email: user.email }))) return;
    if (body.change === "disable" && !window.confirm(t("confirmDisable", { email: user.email }))) return;
    setBusy(user.id);
    setError(null);
    const result = await postConsole<{ password?: string }>(`/api/console/users/${user.id}`, body);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    if (result.data.password) setSecret({ email: user.email, password: result.data.password });
    router.refresh();
  }

  return (
    <SettingsCard title={t("title")} description={t("description")}>
      {secret ? <SecretOnce title={t("passwordFor", { email: secret.email })} secret={secret.password} onDone={() => setSecret(null)} /> : null}
      {error ? <ConsoleErrorAlert error={error} /> : null}
      <div className="overflow-x-auto rounded-lg border">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("email")}</TableHead>
              <TableHead>{t("role")}</TableHead>
              <TableHead>{t("state")}</TableHead>
              <TableHead>{t("lastSignIn")}</TableHead>
              <TableHead className="text-right">{t("actions")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((user) => {
              const own = user.id === currentUserId;
              return (
                <TableRow key={user.id} data-user={user.email}>
                  <TableCell>
                    <div className="font-medium">{user.email}</div>
                    {user.name ? <div className="text-muted-foreground text-xs">{user.name}</div> : null}
                  </TableCell>
                  <TableCell>
                    <Select
                      aria-label={t("roleOf", { email: user.email })}
                      value={user.role}
                      disabled={own || busy !== null}
                      className="w-32"
                      onChange={(event) => void change(user, { change: "role", role: event.target.value as Role })}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {tRoles(role)}
                        </option>
                      ))}
                    </Select>
                  </TableCell>
                  <TableCell>
                    {user.disabledAt ? <Badge variant="danger">{t("disabled")}</Badge> : <Badge variant="success">{t("active")}</Badge>}
                    {own ? <span className="text-muted-foreground ml-2 text-xs">{t("you")}</span> : null}
                  </TableCell>
                  <TableCell className="text-muted-foreground text-sm whitespace-nowrap">{user.lastSignInAt ? format.dateTime(new Date(user.lastSignInAt), "short") : t("never")}</TableCell>
                  <TableCell className="text-right whitespace-nowrap">
                    {busy === user.id ? <LoaderCircle aria-label={t("working")} className="mr-2 inline size-4 animate-spin" /> : null}
                    <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => void change(user, { change: "reset_password" })} aria-label={t("resetPasswordOf", { email: user.email })}>
                      {t("resetPassword")}
                    </Button>
                    {own ? null : user.disabledAt ? (
                      <Button size="sm" variant="ghost" disabled={busy !== null} onClick={() => void change(user, { change: "enable" })} aria-label={t("enableOf", { email: user.email })}>
                        {t("enable")}
                      </Button>
                    ) : (
                      <Button size="sm" variant="ghost" className="text-destructive" disabled={busy !== null} onClick={() => void change(user, { change: "disable" })} aria-label={t("disableOf", { email: user.email })}>
                        {t("disable")}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <form onSubmit={create} className="grid gap-3 rounded-lg border p-4 sm:grid-cols-[2fr_1.5fr_1fr_auto] sm:items-end" aria-label={t("createLabel")}>
        <div className="space-y-1.5">
          <Label htmlFor="new-user-email">{t("email")}</Label>
          <Input id="new-user-email" name="email" type="email" required autoComplete="off" />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="new-user-name">{t("name")}</Label>
          <Input id="new-user-name" name="name" autoComplete="off" />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="new-user-role">{t("role")}</Label>
          <Select id="new-user-role" name="role" defaultValue="viewer">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {tRoles(role)}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" disabled={busy !== null}>
          {busy === "create" ? <LoaderCircle aria-hidden className="animate-spin" /> : <UserPlus aria-hidden />}
          {t("create")}
        </Button>
      </form>
    </SettingsCard>
  );
}
