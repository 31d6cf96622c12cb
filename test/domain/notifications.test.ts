/** The notifications' pure rules: who an event tells, the quiet hours, the templates. */
import { describe, expect, it } from 'vitest';
import {
  CENTRE_UNIT,
  chinaDate,
  CITIZEN_TEMPLATES,
  citizenMessagesOf,
  quietUntil,
  renderCitizenMessage,
  REPLY_CHARS,
  unitsTold,
} from '../../domain/notifications';

const at = (iso: string) => Date.parse(iso);
const QUIET = { from: '22:00', to: '08:00' };

describe('unitsTold', () => {
  it('tells the lead and assisting units of a dispatch', () => {
    expect(unitsTold({ type: 'dispatched', data: { leadUnit: 'CGJ', assistingUnits: ['ZJJ'] } }, 'CGJ')).toEqual([
      { unit: 'CGJ', kind: 'dispatched' },
      { unit: 'ZJJ', kind: 'assisting' },
    ]);
  });

  it("tells a clock's owner of its reminder and breach: lead, assisting unit, coordinators; nobody of the visit", () => {
    const fired = (clock: string, subject: string | null = null) => ({ clock, subject });
    expect(unitsTold({ type: 'clock_warning', data: fired('handling') }, 'CGJ')).toEqual([
      { unit: 'CGJ', kind: 'reminder' },
    ]);
    expect(unitsTold({ type: 'clock_breached', data: fired('assist', 'ZJJ') }, 'CGJ')).toEqual([
      { unit: 'ZJJ', kind: 'breach' },
    ]);
    expect(unitsTold({ type: 'clock_breached', data: fired('ruling') }, 'CGJ')).toEqual([
      { unit: CENTRE_UNIT, kind: 'breach' },
    ]);
    expect(unitsTold({ type: 'clock_warning', data: fired('visit') }, 'CGJ')).toEqual([]);
  });

  it('tells the coordinators only when an order reaches L3', () => {
    expect(unitsTold({ type: 'escalated', data: { from: 1, to: 2 } }, 'CGJ')).toEqual([]);
    expect(unitsTold({ type: 'escalated', data: { from: 2, to: 3 } }, 'CGJ')).toEqual([
      { unit: CENTRE_UNIT, kind: 'escalated' },
    ]);
  });

  it('tells the lead unit of a ruling (the new one on a reassignment) and of an extension decided', () => {
    expect(unitsTold({ type: 'ruled', data: { decision: 'reassign', leadUnit: 'JTJ' } }, 'JTJ')).toEqual([
      { unit: 'JTJ', kind: 'ruled' },
    ]);
    expect(unitsTold({ type: 'extension_denied', data: {} }, 'CGJ')).toEqual([
      { unit: 'CGJ', kind: 'extension_denied' },
    ]);
  });
});

describe('quietUntil (China time)', () => {
  it('holds from 22:00 to 08:00 the next morning, across midnight', () => {
    expect(quietUntil(at('2026-03-02T21:59:00+08:00'), QUIET)).toBeNull();
    expect(quietUntil(at('2026-03-02T22:00:00+08:00'), QUIET)).toBe(at('2026-03-03T08:00:00+08:00'));
    expect(quietUntil(at('2026-03-03T07:59:00+08:00'), QUIET)).toBe(at('2026-03-03T08:00:00+08:00'));
    expect(quietUntil(at('2026-03-03T08:00:00+08:00'), QUIET)).toBeNull();
  });

  it('takes quiet hours within one day, and none when they start and end together', () => {
    expect(quietUntil(at('2026-03-02T13:00:00+08:00'), { from: '12:00', to: '14:00' })).toBe(
      at('2026-03-02T14:00:00+08:00'),
    );
    expect(quietUntil(at('2026-03-02T23:00:00+08:00'), { from: '00:00', to: '00:00' })).toBeNull();
  });
});

describe('renderCitizenMessage', () => {
  it('fills the template of the version, with nothing but what it names', () => {
    expect(renderCitizenMessage(1, 'received', { orderId: 'WO1', code: '123456' })).toBe(
      '【12345热线】您反映的事项已受理，工单号WO1，查询码123456，可凭二者查询办理进度。',
    );
    expect(
      renderCitizenMessage(1, 'completed', {
        orderId: 'WO1',
        reply: '已处理',
        visitBy: chinaDate(at('2026-12-09T10:00:00+08:00')),
      }),
    ).toBe('【12345热线】您的工单WO1已办结，承办单位答复：已处理。我们将于12月9日前回访，请留意来电。');
  });

  it('quotes a long reply up to its limit', () => {
    const text = renderCitizenMessage(1, 'completed', { orderId: 'WO1', reply: '长'.repeat(300), visitBy: '1月1日' });
    expect(text).toContain(`${'长'.repeat(REPLY_CHARS)}…`);
    expect(text).not.toContain('长'.repeat(REPLY_CHARS + 1));
  });

  it('version 2 tells of the return visit in a notice of its own; version 1 has none (its completion told of it)', () => {
    expect(renderCitizenMessage(2, 'completed', { orderId: 'WO1', reply: '已清理楼道杂物', visitBy: '12月9日' })).toBe(
      '【12345热线】您的工单WO1已办结，承办单位答复：已清理楼道杂物。',
    );
    expect(renderCitizenMessage(2, 'visit_notice', { orderId: 'WO1', visitBy: '12月9日' })).toBe(
      '【12345热线】我们将于12月9日前就工单WO1的办理情况回访您，请留意12345来电。',
    );
    expect(renderCitizenMessage(1, 'visit_notice', { orderId: 'WO1', visitBy: '12月9日' })).toBeNull();
  });

  it('refuses a version that does not exist', () => {
    expect(Object.keys(CITIZEN_TEMPLATES)).toEqual(['1', '2']);
    expect(() => renderCitizenMessage(3, 'received', { orderId: 'WO1' })).toThrow(/version 3/);
  });
});

describe('citizenMessagesOf', () => {
  const e = (seq: number, type: string, data: Record<string, unknown> = {}) => ({ seq, type, data });

  it('sends the visit notice with the completion, when the order enters the return visit', () => {
    expect(citizenMessagesOf([e(1, 'received')])).toEqual([{ seq: 1, message: 'received' }]);
    expect(citizenMessagesOf([e(7, 'completed'), e(8, 'quality_finding', { action: 'note' })])).toEqual([
      { seq: 7, message: 'completed' },
      { seq: 7, message: 'visit_notice' },
    ]);
  });

  it('holds it while 质检复核 holds the visit, and sends it when the reviewer clears the reply', () => {
    expect(citizenMessagesOf([e(7, 'completed'), e(8, 'quality_finding', { action: 'review' })])).toEqual([
      { seq: 7, message: 'completed' },
    ]);
    expect(citizenMessagesOf([e(9, 'quality_cleared')])).toEqual([{ seq: 9, message: 'visit_notice' }]);
    expect(citizenMessagesOf([e(9, 'quality_returned'), e(10, 'dispatched')])).toEqual([]);
  });
});
