import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/** The values of a list's URL that were not valid, each with its reason; the list ignored them. */
export function QueryProblems({ title, problems }: { title: string; problems: Array<{ field: string; reason: string }> }) {
  if (problems.length === 0) return null;
  return (
    <Alert variant="destructive">
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>
        <ul className="list-disc pl-5">
          {problems.map((problem) => (
            <li key={`${problem.field}-${problem.reason}`}>
              <code>{problem.field}</code>: {problem.reason}
            </li>
          ))}
        </ul>
      </AlertDescription>
    </Alert>
  );
}
