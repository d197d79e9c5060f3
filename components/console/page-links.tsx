import Link from "next/link";

import { Button } from "@/components/ui/button";

type Labels = { label: string; summary: string; previous: string; next: string };

function PageLink({ href, children }: { href: string | null; children: string }) {
  if (href === null) {
    return (
      <Button variant="outline" size="sm" disabled>
        {children}
      </Button>
    );
  }
  return (
    <Button asChild variant="outline" size="sm">
      <Link href={href} scroll={false}>
        {children}
      </Link>
    </Button>
  );
}

/** Previous and next as links: each page of a list has its URL, and paging works without JavaScript. */
export function PageLinks({ labels, previous, next }: { labels: Labels; previous: string | null; next: string | null }) {
  return (
    <nav aria-label={labels.label} className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <span className="text-muted-foreground">{labels.summary}</span>
      <div className="flex gap-2">
        <PageLink href={previous}>{labels.previous}</PageLink>
        <PageLink href={next}>{labels.next}</PageLink>
      </div>
    </nav>
  );
}
