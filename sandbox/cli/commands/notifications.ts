// Notifications: send one again (the trade's latest, or any by id) and read every delivery try.
import { intFlag } from "../args";
import type { Command } from "../command";
import type { NotificationDto } from "../dto";
import { UsageError } from "../errors";
import { renderNotification } from "../views";

const requeued = (n: NotificationDto) =>
  `Notification #${n.id} (${n.event}, ${n.trade_status}) for ${n.out_trade_no} goes out again now → ${n.notify_url}\n` +
  `Follow it with: npm run sandbox -- attempts ${n.out_trade_no}`;

export const notifyCommand: Command = {
  name: "notify",
  group: "Notifications",
  usage: "<out_trade_no>",
  summary: "send the trade's latest notification again",
  flags: [],
  positionals: [1, 1],
  async run(ctx) {
    const data = await ctx.api.post<{ notification: NotificationDto }>(`/api/trades/${encodeURIComponent(ctx.args[0]!)}/notify`);
    return { data, text: requeued(data.notification) };
  },
};

export const resendCommand: Command = {
  name: "resend",
  group: "Notifications",
  usage: "<notification id>",
  summary: "send one notification again (ids are in `attempts`)",
  flags: [],
  positionals: [1, 1],
  async run(ctx) {
    const id = ctx.args[0]!;
    if (!/^\d+$/.test(id)) throw new UsageError(`resend takes a notification id (a number, shown as #12 by \`attempts\`), got '${id}'`);
    const data = await ctx.api.post<{ notification: NotificationDto }>(`/api/notifications/${id}/resend`);
    return { data, text: requeued(data.notification) };
  },
};

export const attemptsCommand: Command = {
  name: "attempts",
  group: "Notifications",
  usage: "[<out_trade_no>] [--status PENDING|HELD|SENDING|DELIVERED|FAILED|SUPPRESSED] [--limit N]",
  summary: "notifications, newest first, with every try: time, outcome, HTTP status, latency, response",
  flags: ["status", "limit"],
  positionals: [0, 1],
  async run(ctx) {
    const data = await ctx.api.get<{ notifications: NotificationDto[] }>("/api/notifications", {
      out_trade_no: ctx.args[0],
      status: ctx.flags.status,
      limit: intFlag("limit", ctx.flags.limit, 1, 1000) ?? 20,
    });
    const text = data.notifications.length === 0 ? "No notifications." : data.notifications.map((n) => renderNotification(n, ctx.style)).join("\n\n");
    return { data, text };
  },
};
