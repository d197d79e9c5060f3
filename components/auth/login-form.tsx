"use client";

import { LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Problem = "invalid" | "locked" | "unavailable";

export function LoginForm({ returnTo, notice }: { returnTo: string; notice: string | null }) {
  const t = useTranslations("Login");
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setProblem(null);
    try {
      const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false, callbackUrl: returnTo });
      if (result?.ok && !result.error) {
        router.replace(returnTo);
        router.refresh();
        return;
      }
      setProblem(result?.error === "Locked" ? "locked" : result?.error === "CredentialsSignin" ? "invalid" : "unavailable");
    } catch {
      setProblem("unavailable");
    }
    setPending(false);
  }

  return (
    <Card>
      <CardContent>
        <form onSubmit={submit} className="space-y-4" noValidate={false}>
          {notice && !problem ? (
            <Alert>
              <AlertDescription>{notice}</AlertDescription>
            </Alert>
          ) : null}
          {problem ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{t(`errors.${problem}`)}</AlertDescription>
            </Alert>
          ) : null}
          <div className="space-y-2">
            <Label htmlFor="email">{t("email")}</Label>
            <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
          </div>
          <div className="space-y-2">
            <Label htmlFor="password">{t("password")}</Label>
            <Input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? <LoaderCircle aria-hidden className="animate-spin" /> : null}
            {t("submit")}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
