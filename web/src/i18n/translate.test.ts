import { describe, expect, it } from 'vitest';
import { en } from './en';
import { pickLocale, translate } from './translate';
import { zhCN } from './zh-CN';

describe('languages', () => {
  it('zh-CN translates every key, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key], key).toBeTruthy();
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
      expect(holes(zhCN[key]), key).toBe(holes(en[key]));
    }
  });
  it('uses the domain words of the hotline', () => {
    expect(zhCN['nav.intake']).toBe('受理');
    expect(zhCN['action.dispatch']).toBe('派单');
    expect(zhCN['action.accept']).toBe('签收');
    expect(zhCN['action.return']).toBe('退单');
    expect(zhCN['action.contact']).toBe('联系确认');
    expect(zhCN['event.escalated']).toContain('升级');
    expect(zhCN['ticket.owner']).toContain('首问');
  });
  it('fills placeholders', () => {
    expect(translate(en, 'clock.left', { time: '12:00' })).toBe('12:00 left');
    expect(translate(zhCN, 'clock.overdue', { time: '05:12' })).toBe('超时 05:12');
  });
  it('picks the language from the browser', () => {
    expect(pickLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale(['en-GB'])).toBe('en-US');
    expect(pickLocale(['fr-FR', 'zh'])).toBe('zh-CN');
    expect(pickLocale(['de'])).toBe('en-US');
  });
});
