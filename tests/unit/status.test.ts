// The consultation status machine against PRODUCT.md "Status machine": every
// (status × kind × side), and the delivery chain the carer sees.
import { describe, expect, it } from 'vitest';
import type { ConsultationStatus, MessageKind } from '../../src/shared/codes.js';
import { STATUSES } from '../../src/shared/codes.js';
import { applyMessage, DELIVERY_LABEL, DELIVERY_STEPS, deliveryStep, type Side } from '../../src/shared/status.js';

// side 'provider' = the client's provider (carer, admin); 'station' = a nursing station (nurse).
// `acknowledge` from the provider side is refused by the route (403, "nurses only") before the
// status is consulted, so only the station side is part of the machine for it.
const TABLE: [ConsultationStatus, MessageKind, Side, ConsultationStatus | 'rejected'][] = [
  // acknowledge: open → acknowledged; accepted without change on acknowledged or answered
  ['open', 'acknowledge', 'station', 'acknowledged'],
  ['acknowledged', 'acknowledge', 'station', 'acknowledged'],
  ['answered', 'acknowledge', 'station', 'answered'],
  ['closed', 'acknowledge', 'station', 'rejected'],
  // a nurse's message: open or acknowledged → answered
  ['open', 'message', 'station', 'answered'],
  ['acknowledged', 'message', 'station', 'answered'],
  ['answered', 'message', 'station', 'answered'],
  ['closed', 'message', 'station', 'rejected'],
  // a carer's message: answered → open, no change otherwise
  ['open', 'message', 'provider', 'open'],
  ['acknowledged', 'message', 'provider', 'acknowledged'],
  ['answered', 'message', 'provider', 'open'],
  ['closed', 'message', 'provider', 'rejected'],
  // close, either side: any open status → closed
  ['open', 'close', 'provider', 'closed'],
  ['acknowledged', 'close', 'provider', 'closed'],
  ['answered', 'close', 'provider', 'closed'],
  ['closed', 'close', 'provider', 'rejected'],
  ['open', 'close', 'station', 'closed'],
  ['acknowledged', 'close', 'station', 'closed'],
  ['answered', 'close', 'station', 'closed'],
  ['closed', 'close', 'station', 'rejected'],
];

describe('applyMessage', () => {
  it.each(TABLE)('%s + %s from %s → %s', (status, kind, side, expected) => {
    const t = applyMessage(status, kind, side);
    if (expected === 'rejected') {
      expect(t.ok).toBe(false);
      if (!t.ok) expect(t.reason).not.toBe('');
    } else {
      expect(t).toEqual({ ok: true, status: expected });
    }
  });

  it('on closed, every kind from every side is rejected', () => {
    for (const kind of ['message', 'acknowledge', 'close'] as const) {
      for (const side of ['provider', 'station'] as const) {
        expect(applyMessage('closed', kind, side).ok).toBe(false);
      }
    }
  });

  it('the full loop: open → acknowledged → answered → (carer follow-up) open → answered → closed', () => {
    const steps: [MessageKind, Side, ConsultationStatus][] = [
      ['acknowledge', 'station', 'acknowledged'],
      ['message', 'station', 'answered'],
      ['message', 'provider', 'open'],
      ['message', 'station', 'answered'],
      ['close', 'provider', 'closed'],
    ];
    let status: ConsultationStatus = 'open';
    for (const [kind, side, expected] of steps) {
      const t = applyMessage(status, kind, side);
      if (!t.ok) throw new Error(`rejected: ${status} + ${kind}`);
      expect(t.status).toBe(expected);
      status = t.status;
    }
  });
});

describe('deliveryStep (送信待ち → 送信済み → 既読 → 回答あり → 完了)', () => {
  it.each<[ConsultationStatus, string, string]>([
    ['open', 'sent', '送信済み'],
    ['acknowledged', 'read', '既読'],
    ['answered', 'answered', '回答あり'],
    ['closed', 'closed', '完了'],
  ])('%s on the server → %s (%s)', (status, step, label) => {
    const s = deliveryStep(status, true);
    expect(s).toBe(step);
    expect(DELIVERY_LABEL[s]).toBe(label);
  });

  it.each(STATUSES.map((s) => [s]))('%s still only on this phone → pending (送信待ち)', (status) => {
    const s = deliveryStep(status, false);
    expect(s).toBe('pending');
    expect(DELIVERY_LABEL[s]).toBe('送信待ち');
  });

  it('the chain is in order', () => {
    expect(DELIVERY_STEPS.map((s) => DELIVERY_LABEL[s])).toEqual(['送信待ち', '送信済み', '既読', '回答あり', '完了']);
  });
});
