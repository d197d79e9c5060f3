// Gateway `code`/`msg` pairs and the sub-codes this product meets (alipay-protocol.md §2.3).
// Branch on `code` and `sub_code` only; `msg` and `sub_msg` are for people.

export const GATEWAY_CODES = {
  "10000": "Success",
  "20000": "Service Currently Unavailable",
  "20001": "Insufficient Token Permissions",
  "40001": "Missing Required Arguments",
  "40002": "Invalid Arguments",
  "40003": "Insufficient Conditions",
  "40004": "Business Failed",
  "40006": "Insufficient Permissions",
} as const;

export type GatewayCode = keyof typeof GATEWAY_CODES;

/** The Chinese `sub_msg` Alipay writes for the sub-codes in scope. */
export const SUB_CODE_MESSAGES: Record<string, string> = {
  "isp.unknow-error": "服务暂不可用",
  "aop.unknow-error": "服务暂不可用",
  "isv.missing-method": "缺少方法名参数",
  "isv.missing-signature": "缺少签名参数",
  "isv.missing-signature-type": "缺少签名类型参数",
  "isv.missing-app-id": "缺少AppID参数",
  "isv.missing-timestamp": "缺少时间戳参数",
  "isv.missing-version": "缺少版本参数",
  "isv.invalid-signature": "验签出错",
  "isv.invalid-signature-type": "无效签名类型",
  "isv.invalid-app-id": "无效的AppID参数",
  "isv.invalid-timestamp": "非法的时间戳参数",
  "isv.invalid-charset": "字符集错误",
  "isv.invalid-format": "无效的数据格式",
  "isv.invalid-method": "不存在的方法名",
  "isv.invalid-parameter": "参数无效",
  "isv.missing-signature-config": "验签配置缺失",
  "isv.missing-app-cert-sn": "缺少应用公钥证书序列号",
  "isv.missing-alipay-root-cert-sn": "缺少支付宝根证书序列号",
  "isv.app-cert-not-exist": "应用公钥证书不存在",
  "isv.invalid-alipay-root-cert-sn": "无效支付宝根证书序列号",
  "isp.bill_not_exist": "账单不存在",
  "ACQ.SYSTEM_ERROR": "系统错误",
  "ACQ.INVALID_PARAMETER": "参数无效",
  "ACQ.TOTAL_FEE_EXCEED": "订单总金额超过限额",
  "ACQ.CONTEXT_INCONSISTENT": "交易信息被篡改",
  "ACQ.TRADE_HAS_SUCCESS": "交易已被支付",
  "ACQ.TRADE_HAS_CLOSE": "交易已经关闭",
  "ACQ.TRADE_NOT_EXIST": "交易不存在",
  "ACQ.TRADE_STATUS_ERROR": "交易状态不合法",
  "ACQ.TRADE_HAS_FINISHED": "交易已完结",
  "ACQ.TRADE_NOT_ALLOW_REFUND": "当前交易不允许退款",
  "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL": "退款金额超限",
  "ACQ.REASON_TRADE_REFUND_FEE_ERR": "退款金额无效",
  "ACQ.DISCORDANT_REPEAT_REQUEST": "请求信息不一致",
  "ACQ.TRADE_CANCEL_TIME_OUT": "超过撤销时间范围",
  "ACQ.CANCEL_NOT_ALLOWED": "交易不允许撤销",
};

export function subCodeMessage(subCode: string): string {
  return SUB_CODE_MESSAGES[subCode] ?? subCode;
}
