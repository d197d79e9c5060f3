// Delivering raised alerts to every enabled chat robot, each attempt recorded (AlertDelivery) with the
// robot's answer; a robot that fails keeps its last error for the settings page. Messages are in Chinese,
// for the operations group, with a link to the alert in the console.
import "server-only";
import type { Db } from "@/lib/db";
import { transaction } from "@/lib/payments/store";
import type { RaisedAlert } from "./check";
import { detailLines } from "./detail";
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
};

export function alertMessage(alert: RaisedAlert, appUrl: string): RobotMessage {
  const title = `【${alert.severity === "critical" ? "严重" : "警告"}】${TITLES[alert.rule]}`;
  return { title, markdown: `### ${title}\n${detailLines(alert.detail).map((line) => `- ${line}`).join("\n")}\n\n[在控制台查看](${new URL(`/alerts#alert-${alert.id}`, appUrl).toString()})` };
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
