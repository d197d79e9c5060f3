// Every figure a rule writes reads as words in both languages: never a field's name, values as a reader
// knows them (yuan, named outcomes and statuses, dates).
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { locales, timeZone } from "@/lib/i18n/config";
import en from "@/lib/i18n/messages/en.json";
import zhCN from "@/lib/i18n/messages/zh-CN.json";
import { DETAIL_KEYS, detailLines, type AlertDetail, type DetailWords } from "./detail";
import { RULE_IDS, type AlertRule } from "./rules";

function wordsOf(locale: (typeof locales)[number]): DetailWords {
  const t = createTranslator({ locale, messages: locale === "en" ? en : zhCN, timeZone });
  return {
    figure: (key, value) => t(`Alerts.detail.${key}`, { value }),
    outcome: (code) => t(`NotificationOutcome.${code}` as never),
    orderStatus: (code) => t(`OrderStatus.${code}` as never),
    dateTime: (at) => at.toISOString(),
  };
}

/** What each rule writes (find.ts, cert-alert.ts), one of each. */
const SAMPLES: Record<AlertRule, AlertDetail> = {
  SIGNATURE_FAILURES: { count: 5, windowMinutes: 10, lastNotificationId: 42, lastSource: "203.0.113.9" },
  INCONSISTENT_NOTIFICATION: { notificationId: 43, outTradeNo: "T1001", outcome: "REJECTED", error: "total_amount 0.01 is not the order's 20.00" },
  PAID_AFTER_CLOSE: { outTradeNo: "T1002", paidFen: 3000, status: "PAID" },
  REFUND_SHARE: { refundedFen: 6000, paidFen: 10000, refunds: 2, windowMinutes: 60, sharePercent: 60 },
  NO_NOTIFICATION: { minutes: 30, pendingOrders: 3, lastNotificationAt: "2026-11-24T02:00:00.000Z" },
  MULTIPLE_TRADES: { outTradeNo: "T1003", paidFen: 200, status: "PAID" },
  FREQUENT_BUYER: { buyerId: "2088102177846880", payments: 12, windowMinutes: 60 },
  LARGE_ORDER: { outTradeNo: "T1004", paidFen: 880000, thresholdYuan: 5000 },
  ALIPAY_CERT_ROTATED: { receivedSn: "4538e7d736df316c15435d5f9d3a8a1f", loadedSn: "7513daaaa48aa3ba2e4018d84402479c", method: "alipay.trade.query" },
};

describe("an alert's figures in words", () => {
  it("has a sample for every rule, and the samples use every figure", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...RULE_IDS].sort());
    expect([...new Set(Object.values(SAMPLES).flatMap((detail) => Object.keys(detail)))].sort()).toEqual([...DETAIL_KEYS].sort());
  });

  it.each(locales)("words every rule's figures in %s, never by a field's name", (locale) => {
    const words = wordsOf(locale);
    for (const rule of RULE_IDS) {
      const entries = Object.entries(SAMPLES[rule]);
      const lines = detailLines(SAMPLES[rule], words);
      expect(lines, rule).toHaveLength(entries.length);
      for (const [i, line] of lines.entries()) {
        const [key, value] = entries[i]!;
        // Not the old "paidFen: 880000", not a missing message's path, no camelCase name anywhere.
        expect(line, `${rule}: ${line}`).not.toBe(`${key}: ${value}`);
        expect(line, `${rule}: ${line}`).not.toContain("Alerts.detail");
        for (const name of DETAIL_KEYS.filter((k) => /[A-Z]/.test(k))) expect(line, `${rule}: ${line}`).not.toContain(name);
        expect(line).not.toMatch(/[{}]/);
      }
    }
  });

  it("reads fen as yuan and names codes and moments", () => {
    expect(detailLines(SAMPLES.LARGE_ORDER, wordsOf("zh-CN"))).toEqual(["订单号 T1004", "实收 ¥8800.00", "阈值 ¥5000"]);
    expect(detailLines(SAMPLES.INCONSISTENT_NOTIFICATION, wordsOf("en"))[2]).toBe(`outcome: ${en.NotificationOutcome.REJECTED}`);
    expect(detailLines(SAMPLES.PAID_AFTER_CLOSE, wordsOf("zh-CN"))[2]).toBe(`订单状态：${zhCN.OrderStatus.PAID}`);
    expect(detailLines(SAMPLES.NO_NOTIFICATION, wordsOf("en"))[2]).toBe("last notification at 2026-11-24T02:00:00.000Z");
  });

  it("leaves out empty figures and keys no rule writes", () => {
    expect(detailLines({ outTradeNo: "T1", error: null, buyerId: "", secretField: "x" }, wordsOf("en"))).toEqual(["order number T1"]);
  });
});
