// The account id and file names of a trade bill (alipay-protocol.md §6).
import { compactBillDate } from "./bill-time";

const PID_PATTERN = /^2088\d{12}$/;

/**
 * The bill's account id: the pid followed by `0156`, Alipay's suffix for the CNY account.
 * Every real bill we found writes it so, in `#账号：[20885212319120680156]` and in the file
 * names (`20885219024064740156_20170707.csv.zip`); parsers take the first 16 digits as the pid.
 */
export function billAccount(pid: string): string {
  if (!PID_PATTERN.test(pid)) throw new RangeError(`pid must be 2088 followed by 12 digits, got ${JSON.stringify(pid)}`);
  return `${pid}0156`;
}

export type BillNames = { zip: string; detail: string; summary: string };

/** `<account>_<yyyyMMdd>.csv.zip` holding `…_业务明细.csv` and `…_业务明细(汇总).csv`. */
export function tradeBillNames(pid: string, date: string): BillNames {
  const stem = `${billAccount(pid)}_${compactBillDate(date)}`;
  return { zip: `${stem}.csv.zip`, detail: `${stem}_业务明细.csv`, summary: `${stem}_业务明细(汇总).csv` };
}
