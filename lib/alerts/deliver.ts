// Delivering raised alerts to every enabled chat robot, each attempt recorded (AlertDelivery) with the
// robot's answer; a robot that fails keeps its last error for the settings page. Messages are in Chinese,
// for the operations group (the figures in the console's zh-CN words), with a link to the alert.
import "server-only";
import { createTranslator } from "next-intl";
import type { Db } from "@/lib/db";
import { timeZone } from "@/lib/i18n/config";
import zhCN from "@/lib/i18n/messages/zh-CN.json";
import type { Logger } from "@/lib/log";
import { transaction } from "@/lib/payments/store";
import { detailLines, type DetailWords } from "./detail";
import type { RaisedAlert } from "./raise";
import { sendToRobot, type RobotKind, type RobotMessage } from "./robots";

const TITLES: Record<RaisedAlert["rule"], string> = {
  SIGNATURE_FAILURES: "通知验签失败激增",
  INCONSISTENT_NOTIFICATION: "验签通过但内容不符的通知",
  PAID_AFTER_CLOSE: "订单关闭后被支付",
  REFUND_SHARE: "退款占比过高",
  NO_NOTIFICATION: "长时间未收到通知",
  MULTIPLE_TRADES: "同一订单被多笔交易支付",
  FREQUENT_BUYER: "买家支付异常频繁",
  LARGE_ORDER: "大额订单",
  ALIPAY_CERT_ROTATED: "支付宝证书已更换，应答已被拒绝",
};

const t = createTranslator({ locale: "zh-CN", messages: zhCN, timeZone });
const ROBOT_WORDS: DetailWords = {
  figure: (key, value) => t(`Alerts.detail.${key}`, { value }),
  outcome: (code) => (t.has(`NotificationOutcome.${code}` as never) ? t(`NotificationOutcome.${code}` as never) : code),
  orderStatus: (code) => (t.has(`OrderStatus.${code}` as never) ? t(`OrderStatus.${code}` as never) : code),
  dateTime: (at) => new Intl.DateTimeFormat("zh-CN", { timeZone, dateStyle: "short", timeStyle: "medium", hourCycle: "h23" }).format(at),
};

export function alertMessage(alert: RaisedAlert, appUrl: string): RobotMessage {
  const title = `【${alert.severity === "critical" ? "严重" : "警告"}】${TITLES[alert.rule]}`;
  return { title, markdown: `### ${title}\n${detailLines(alert.detail, ROBOT_WORDS).map((line) => `- ${line}`).join("\n")}\n\n[在控制台查看](${new URL(`/alerts#alert-${alert.id}`, appUrl).toString()})` };
}

export async function deliverAlerts(db: Db, alerts: RaisedAlert[], appUrl: string): Promise<void> {
  if (alerts.length === 0) return;
  const channels = await db.alertChannel.findMany({ where: { enabled: true } });
  for (const alert of alerts) {
    for (const channel of channels) {
      const reply = await sendToRobot({ kind: channel.kind as RobotKind, url: channel.url, secret: channel.secret }, alertMessage(alert, appUrl));
      await transaction(db, async (tx) => {
        await tx.alertDelivery.create({ data: { alertId: alert.id, channelId: channel.id, ok: reply.ok, response: reply.response } });
        await tx.alertChannel.update({ where: { id: channel.id }, data: reply.ok ? { lastSentAt: new Date(), lastError: null } : { lastError: reply.response } });
      });
    }
  }
}

/** What raised alerts get wherever they were raised: a log line each, then the robots. */
export async function announceAlerts(ctx: { db: Db; log: Logger; settings: { appUrl: string } }, raised: RaisedAlert[]): Promise<void> {
  for (const alert of raised) ctx.log.warn("alerts.raised", { alertId: alert.id, rule: alert.rule, subject: alert.subject, severity: alert.severity });
  await deliverAlerts(ctx.db, raised, ctx.settings.appUrl);
}
