import type { AlertView, DeliveryCount } from '@centinela/contracts';
import { reachedNobody } from './reached-nobody.js';

const view = (status: AlertView['alert']['status'], counts: Partial<Record<DeliveryCount['status'], number>>, posted = false): AlertView =>
  ({
    alert: { status },
    deliveries: {
      counts: Object.entries(counts).map(([s, count]) => ({ channel: 'sms', language: 'en', status: s, count })),
      failures: [],
      channelPost: { status: posted ? 'posted' : 'none', at: null },
    },
  }) as unknown as AlertView;

describe('reachedNobody', () => {
  it('is true for a sent alert whose every delivery failed or was cancelled', () => {
    expect(reachedNobody(view('sent', { failed: 3 }))).toBe(true);
    expect(reachedNobody(view('sent', { failed: 2, cancelled: 1 }))).toBe(true);
  });

  it('is false once one delivery got through, or the public channel post did, or while it is still sending', () => {
    expect(reachedNobody(view('sent', { failed: 3, sent: 1 }))).toBe(false);
    expect(reachedNobody(view('sent', { failed: 3, delivered: 1 }))).toBe(false);
    expect(reachedNobody(view('sent', { failed: 3 }, true))).toBe(false);
    expect(reachedNobody(view('sending', { failed: 3, queued: 2 }))).toBe(false);
    expect(reachedNobody(view('cancelled', { cancelled: 3 }))).toBe(false);
  });
});
