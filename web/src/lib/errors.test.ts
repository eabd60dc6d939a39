import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';
import { MESSAGES, translate, type Translate } from '../i18n/translate';
import { zhCN } from '../i18n/zh-CN';
import { describeError, describeFieldMessage, FIELD_LABELS, formFieldErrors } from './errors';
import { ERROR_CODES } from '../api/errorCodes';

const tEn: Translate = (k, v) => translate(MESSAGES['en-US'], k, v);
const tZh: Translate = (k, v) => translate(MESSAGES['zh-CN'], k, v);
const problem = (status: number, code: string, detail = 'x', errors?: Record<string, string[]>) =>
  new ApiError(status, { status, code, detail, title: '', type: `urn:switchboard:problem:${code}`, errors: errors ?? null });

describe('API error messages', () => {
  it('has words in both languages for every code the API sends (api/errorCodes.ts)', () => {
    const missing = ERROR_CODES.flatMap((code) =>
      (['en', 'zh-CN'] as const).flatMap((lang) => {
        const messages = lang === 'en' ? en : zhCN;
        const text = (messages as Record<string, string>)[`error.${code}`];
        return text && text.trim() ? [] : [`${lang}: error.${code}`];
      }),
    );
    expect(missing).toEqual([]);
  });
  it('never shows the server’s English detail in the Chinese interface', () => {
    const unknown = problem(418, 'brand_new_code', 'the teapot refused');
    expect(describeError(unknown, tZh)).toBe(tZh('error.unknown', { status: 418 }));
    expect(describeError(unknown, tEn)).toBe('the teapot refused');
    expect(describeFieldMessage('some new server rule', tZh)).toBe('填写有误。');
    expect(describeFieldMessage('some new server rule', tEn)).toBe('some new server rule');
    for (const code of ERROR_CODES) {
      expect(describeError(problem(400, code, 'English detail from the server'), tZh), code).not.toContain('English detail');
    }
  });
  it('names the fields of a refused form by their labels, and says how long to wait', () => {
    const e = problem(422, 'validation_failed', 'bad', { 'customer.phone': ['must have between 3 and 20 digits'], subject: ['must not be blank'] });
    expect(describeError(e, tZh)).toBe('以下内容有误：电话, 主题。');
    expect(describeError(e, tEn)).toBe('Some fields are not valid: Phone, Subject.');
    expect(formFieldErrors(e, tZh)).toEqual([
      { name: ['customer', 'phone'], errors: ['电话号码应为 3 到 20 位数字。'] },
      { name: ['subject'], errors: [zhCN['field.must not be blank']] },
    ]);
    for (const [path, key] of Object.entries(FIELD_LABELS)) expect(en[key], path).toBeTruthy();
    const wait = new ApiError(429, { status: 429, code: 'sign_in_throttled', detail: 'x', title: '', type: '' }, 30);
    expect(describeError(wait, tEn)).toBe('Too many failed sign-ins. Wait 30 s and try again.');
  });
  it('translates every code the API documents', () => {
    for (const code of [
      'invalid_transition',
      'validation_failed',
      'forbidden',
      'not_found',
      'unauthorized',
      'extension_pending',
      'already_exists',
      'service_unavailable',
      'method_not_allowed',
      'payload_too_large',
      'merge_chain',
      'merge_closed',
      'not_returned',
    ]) {
      const zh = describeError(problem(409, code), tZh);
      expect(zh, code).toBe(zhCN[`error.${code}` as keyof typeof zhCN]);
      expect(describeError(problem(409, code), tEn)).toBe(en[`error.${code}` as keyof typeof en]);
    }
  });
  it('explains the refusals of a merge', () => {
    expect(describeError(problem(409, 'merge_chain', '20261122-0002 is itself a duplicate'), tZh)).toContain('主工单');
    expect(describeError(problem(409, 'merge_closed', '20261122-0002 is closed'), tZh)).toBe('主工单已关闭，不能再并入重复工单。');
    expect(describeError(problem(409, 'merge_closed'), tEn)).toContain('closed');
    // A merge into itself or into an unknown ticket is a 422 on the `into` field.
    const e = problem(422, 'validation_failed', 'bad', { into: ['a ticket cannot be merged into itself'] });
    expect(formFieldErrors(e, tZh)).toEqual([{ name: ['into'], errors: ['工单不能并入自身。'] }]);
    expect(describeFieldMessage('no such ticket', tEn)).toBe('No such ticket.');
    expect(describeFieldMessage('must be in the future', tZh)).toBe('须晚于当前时间。');
  });
  it('uses the 工单 words in Chinese', () => {
    expect(describeError(problem(409, 'invalid_transition'), tZh)).toContain('工单');
  });
  it('keeps the logged id of a server error', () => {
    const e = problem(500, 'internal_error', 'an internal error occurred; it was logged as 0190-abc');
    expect(describeError(e, tEn)).toContain('0190-abc');
  });
  it('falls back to the detail for an unknown code, and to the status without one', () => {
    expect(describeError(problem(409, 'brand_new_code', 'something specific'), tEn)).toBe('something specific');
    expect(describeError(new ApiError(502, null), tEn)).toBe('The request failed (502).');
  });
  it('describes a network failure', () => {
    expect(describeError(new ApiError(0, null), tEn)).toBe(en['error.network_error']);
  });
});

describe('field errors under form fields', () => {
  it('maps dotted API paths to form paths and translates known messages', () => {
    const e = problem(422, 'validation_failed', 'bad', {
      'customer.phone': ['too few digits'],
      root_cause: ['a complaint is resolved with the root cause found'],
    });
    expect(formFieldErrors(e, tZh, { 'customer.phone': ['phone'] })).toEqual([
      // never the server's English in the Chinese interface
      { name: ['phone'], errors: ['填写有误。'] },
      { name: ['root_cause'], errors: ['投诉办结须填写查明的投诉原因。'] },
    ]);
    expect(describeFieldMessage('must not be blank', tZh)).toBe('不能为空。');
  });
  it('has nothing for errors that are not API errors', () => {
    expect(formFieldErrors(new Error('x'), tEn)).toEqual([]);
  });
});
