// The consultation status machine (PRODUCT.md "Status machine"). Pure: who is acting
// arrives as a side — the client's provider ('provider') or a nursing station ('station').
import type { ConsultationStatus, MessageKind } from './codes.js';

export type Side = 'provider' | 'station';

export type Transition = { ok: true; status: ConsultationStatus } | { ok: false; reason: string };

export function applyMessage(status: ConsultationStatus, kind: MessageKind, side: Side): Transition {
  if (status === 'closed') return { ok: false, reason: 'The consultation is closed; open a new one instead.' };
  switch (kind) {
    case 'acknowledge':
      return { ok: true, status: status === 'open' ? 'acknowledged' : status };
    case 'close':
      return { ok: true, status: 'closed' };
    case 'message':
      if (side === 'station') return { ok: true, status: 'answered' };
      return { ok: true, status: status === 'answered' ? 'open' : status };
  }
}

/** The delivery chain the carer sees (送信待ち → 送信済み → 既読 → 回答あり → 完了). */
export const DELIVERY_STEPS = ['pending', 'sent', 'read', 'answered', 'closed'] as const;
export type DeliveryStep = (typeof DELIVERY_STEPS)[number];
export const DELIVERY_LABEL: Record<DeliveryStep, string> = {
  pending: '送信待ち',
  sent: '送信済み',
  read: '既読',
  answered: '回答あり',
  closed: '完了',
};

export function deliveryStep(status: ConsultationStatus, onServer: boolean): DeliveryStep {
  if (!onServer) return 'pending';
  switch (status) {
    case 'open':
      return 'sent';
    case 'acknowledged':
      return 'read';
    case 'answered':
      return 'answered';
    case 'closed':
      return 'closed';
  }
}
