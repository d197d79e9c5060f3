// Next.js calls register() once when the server starts: the payment worker starts with the app
// (lib/payments/worker.ts). WORKER_DISABLED=1 leaves it off (e.g. for a read-only replica).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.WORKER_DISABLED === "1") return;
  const { startAppWorker } = await import("./lib/worker/start");
  startAppWorker();
}
