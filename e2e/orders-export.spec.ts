// The orders export against the whole stack: the list's view downloaded from its button as a Chinese
// spreadsheet would open it, exactly the orders the view shows, formulas inert, and the export audited.
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";

import { signIn } from "./fixtures/auth";
import { createOrder, payAtSandbox, type CreatedOrder } from "./fixtures/stack";

test.use({ locale: "zh-CN" });

const HEADER = "商户订单号,支付宝交易号,商品,状态代码,状态,订单金额（元）,实付金额（元）,已退款（元）,退款处理中（元）,异常,买家账号,创建时间（北京时间 UTC+8）,支付时间（北京时间 UTC+8）";
const FORMULA = '=HYPERLINK("http://x.example","点我")';

async function paid(request: APIRequestContext, order: CreatedOrder): Promise<CreatedOrder> {
  await payAtSandbox(request, order.outTradeNo);
  await expect.poll(async () => ((await (await request.get(`/api/checkout/${order.id}`)).json()) as { state: string }).state, { timeout: 15_000 }).toBe("PAID");
  return order;
}

test("an operator exports the filtered orders: BOM, header, Chinese text, formulas inert, the view's rows and only those", async ({ page, browser, request }) => {
  // An amount no other spec uses: the view is these orders, whatever else the stack holds.
  const yuan = `${4000 + (Date.now() % 1000)}.09`;
  const formula = await paid(request, await createOrder(request, yuan, FORMULA));
  const latte = await paid(request, await createOrder(request, yuan, "拿铁咖啡，大杯 ×2"));
  const unpaid = await createOrder(request, yuan, "+1 未支付");
  const otherAmount = await paid(request, await createOrder(request, `${yuan.slice(0, -1)}8`, "别的金额"));
  const view = `/orders?status=PAID&min=${yuan}&max=${yuan}&sort=createdAt.asc`;

  await signIn(page, "operator", view);
  await expect(page.locator("tr[data-order]")).toHaveCount(2);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^orders-\d{8}-\d{6}\.csv$/);
  const bytes = await readFile((await download.path())!);

  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(3)).split("\r\n");
  expect(lines.shift()).toBe(HEADER);
  expect(lines.pop()).toBe("");
  expect(lines).toHaveLength(await page.locator("tr[data-order]").count());
  expect(lines.map((line) => line.split(",")[0])).toEqual([formula.outTradeNo, latte.outTradeNo]);
  for (const excluded of [unpaid, otherAmount]) expect(lines.join("\n")).not.toContain(excluded.outTradeNo);
  // Quoted (it has commas and quotes), and opened as text: the leading ' keeps it from running.
  expect(lines[0]).toContain(`,"'=HYPERLINK(""http://x.example"",""点我"")",PAID,已支付,${yuan},${yuan},0.00,0.00,,`);
  expect(lines[1]).toContain(`,拿铁咖啡，大杯 ×2,PAID,已支付,${yuan},${yuan},0.00,0.00,,`);
  expect(lines[1]).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

  // A view that does not parse is refused, naming the field, as the page's alert does.
  const refused = await page.request.get("/orders/export?status=SHIPPED&min=12.345");
  expect(refused.status()).toBe(400);
  const error = ((await refused.json()) as { error: { code: string; details: { problems: { field: string }[] } } }).error;
  expect(error.code).toBe("INVALID_QUERY");
  expect(error.details.problems.map((problem) => problem.field)).toEqual(["status", "minFen"]);

  // The export is in the audit log: who, the view, how many rows.
  const admin = await browser.newPage({ locale: "zh-CN" });
  await signIn(admin, "admin", "/audit?action=orders.export&actor=operator%40e2e.test");
  const entry = admin.locator("tr[data-audit][data-action='orders.export']").first();
  await expect(entry.getByRole("cell").nth(2)).toHaveText("导出订单");
  await expect(entry.getByRole("cell").nth(3)).toHaveText("成功");
  const details = entry.locator("xpath=following-sibling::tr[1]");
  await details.getByText("操作前 → 操作后及详情").click();
  await expect(details.getByText(`"filter": "?status=PAID&min=${yuan}&max=${yuan}&sort=createdAt.asc"`)).toBeVisible();
  await expect(details.getByText('"rows": 2')).toBeVisible();
  await admin.close();
});
