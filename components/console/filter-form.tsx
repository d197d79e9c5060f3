"use client";

// The console's filter forms (orders, notifications, gateway calls, the audit log): a search landmark
// whose fields become the URL's query (empty ones left out, the view's kept values added), so that a
// filtered view is a link; a new filter starts again at the first page.
import { Search, X } from "lucide-react";
import { useRouter } from "next/navigation";
import type { FormEvent, ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { cn } from "@/lib/utils";

type FilterFormProps = {
  /** The page the filters apply to, e.g. "/orders". */
  path: string;
  /** The form's fields that go into the URL, in URL order. */
  fields: readonly string[];
  /** Values the form does not show but the view keeps (a status tab, the sort, the page size). */
  keep?: Record<string, string | null | undefined>;
  label: string;
  labels: { apply: string; clear: string };
  /** Where "clear" goes; no clear button when the view has no filter. */
  clearHref: string | null;
  /** The grid's columns at large widths, e.g. "lg:grid-cols-[1fr_1fr_auto]". */
  columns: string;
  children: ReactNode;
  /** Inline controls before the buttons (a checkbox). */
  beforeButtons?: ReactNode;
};

export function FilterForm({ path, fields, keep = {}, label, labels, clearHref, columns, children, beforeButtons }: FilterFormProps) {
  const router = useRouter();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(keep)) if (value) params.set(name, value);
    for (const name of fields) {
      const value = String(form.get(name) ?? "").trim();
      if (value) params.set(name, value);
    }
    const search = params.toString();
    router.push(`${path}${search ? `?${search}` : ""}`);
  }
  return (
    <form onSubmit={submit} role="search" aria-label={label} className={cn("bg-card grid gap-3 rounded-lg border p-3 sm:grid-cols-2", columns)}>
      {children}
      <div className="flex items-end gap-2">
        {beforeButtons}
        <Button type="submit">
          <Search aria-hidden />
          {labels.apply}
        </Button>
        {clearHref ? (
          <Button type="button" variant="ghost" onClick={() => router.push(clearHref)}>
            <X aria-hidden />
            {labels.clear}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

export function FilterField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

/** A text filter: an order number, a code, a search. */
export function TextFilter({ name, label, value, mono, ...props }: { name: string; label: string; value: string | null; mono?: boolean; placeholder?: string; inputMode?: "decimal" }) {
  const id = `filter-${name}`;
  return (
    <FilterField id={id} label={label}>
      <Input id={id} name={name} defaultValue={value ?? ""} className={mono ? "font-mono" : undefined} {...props} />
    </FilterField>
  );
}

/** A choice from a closed set, or any. */
export function ChoiceFilter({ name, label, value, anyLabel, options }: { name: string; label: string; value: string | null; anyLabel: string; options: ReadonlyArray<{ value: string; label: string }> }) {
  const id = `filter-${name}`;
  return (
    <FilterField id={id} label={label}>
      <Select id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </FilterField>
  );
}

/** Beijing calendar days, from and to, inclusive. */
export function DayRangeFilters({ from, to, labels }: { from: string | null; to: string | null; labels: { from: string; to: string } }) {
  return (
    <>
      <FilterField id="filter-from" label={labels.from}>
        <Input id="filter-from" name="from" type="date" defaultValue={from ?? ""} />
      </FilterField>
      <FilterField id="filter-to" label={labels.to}>
        <Input id="filter-to" name="to" type="date" defaultValue={to ?? ""} />
      </FilterField>
    </>
  );
}
