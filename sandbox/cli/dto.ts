// The shapes the sandbox's JSON API answers with, taken from the server's own DTO builders so the
// two cannot drift apart. Type-only imports: the CLI never loads the server or its store.
import type { Fault } from "../faults/store";
import type { notificationDto, precreateDto, refundDto, tradeDto } from "../http/dto";

export type TradeDto = ReturnType<typeof tradeDto>;
export type PrecreateDto = ReturnType<typeof precreateDto>;
export type RefundDto = ReturnType<typeof refundDto>;
export type NotificationDto = ReturnType<typeof notificationDto>;
export type AttemptDto = NotificationDto["attempts"][number];
export type FaultDto = Fault;
export type TradeDetailDto = { precreate: PrecreateDto; trade: TradeDto | null; refunds: RefundDto[]; notifications: NotificationDto[] };
export type ClockDto = { now: string; offset_ms: number };
export type ConfigDto = {
  app_id: string;
  seller_id: string;
  gateway_url: string;
  time_scale: number;
  clock_offset_ms: number;
  alipayPublicKey: string;
  alipayPublicKeyFingerprint: string;
  appPublicKey: string;
  appPublicKeyFingerprint: string;
};
