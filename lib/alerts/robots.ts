// Sending an alert to the group robots Chinese operations teams use. DingTalk (钉钉自定义机器人): POST JSON
// to the webhook; with 加签 the URL carries `timestamp` (ms) and `sign` = base64(HMAC-SHA256(secret,
// "<timestamp>\n<secret>")), URL-encoded; it answers {"errcode":0,"errmsg":"ok"}. WeCom (企业微信群机器人):
// POST JSON to the webhook (its `key` is the only credential: WeCom robots have no signing), answers
// {"errcode":0}. Both take markdown. Pure but for the HTTP call; never logs the URL (its token is a secret).
import { createHmac } from "node:crypto";

export type RobotKind = "DINGTALK" | "WECOM";
export type Robot = { kind: RobotKind; url: string; secret: string | null };
export type RobotMessage = { title: string; markdown: string };
export type RobotReply = { ok: boolean; response: string };

const TIMEOUT_MS = 5_000;

/** DingTalk's 加签: the signature of `timestamp`, as the URL carries it. */
export function dingTalkSign(secret: string, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`, "utf8").digest("base64");
}

/** The URL to POST to, signed when the robot has a secret (DingTalk only). */
export function robotUrl(robot: Robot, now: number): string {
  if (robot.kind !== "DINGTALK" || !robot.secret) return robot.url;
  const url = new URL(robot.url);
  url.searchParams.set("timestamp", String(now));
  url.searchParams.set("sign", dingTalkSign(robot.secret, now));
  return url.toString();
}

export function robotBody(kind: RobotKind, message: RobotMessage): unknown {
  return kind === "DINGTALK" ? { msgtype: "markdown", markdown: { title: message.title, text: message.markdown } } : { msgtype: "markdown", markdown: { content: message.markdown } };
}

/** Sends one message; a refusal (errcode ≠ 0), an HTTP error or a timeout is a failed reply, not a throw. */
export async function sendToRobot(robot: Robot, message: RobotMessage, now = Date.now()): Promise<RobotReply> {
  try {
    const response = await fetch(robotUrl(robot, now), {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(robotBody(robot.kind, message)),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = (await response.text()).slice(0, 500);
    let errcode: unknown = null;
    try {
      errcode = (JSON.parse(text) as { errcode?: unknown }).errcode;
    } catch {
      // not JSON: the status decides
    }
    return { ok: response.ok && (errcode === 0 || errcode === undefined), response: `HTTP ${response.status} ${text}` };
  } catch (error) {
    return { ok: false, response: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
