import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api/client';
import { expiryOfDay, integrationUsers, isIntegrationUser, isPastDay, tokenStatus } from './tokens';

const NOW = Date.parse('2026-11-15T08:00:00Z');

describe('a token’s status', () => {
  it('is active without an expiry or revocation, and before its expiry', () => {
    expect(tokenStatus({ expires_at: null, revoked_at: null }, NOW)).toBe('active');
    expect(tokenStatus({}, NOW)).toBe('active');
    expect(tokenStatus({ expires_at: '2026-11-15T08:00:01Z', revoked_at: null }, NOW)).toBe('active');
  });
  it('is expired from the instant of its expiry on', () => {
    expect(tokenStatus({ expires_at: '2026-11-15T08:00:00Z', revoked_at: null }, NOW)).toBe('expired');
    expect(tokenStatus({ expires_at: '2026-11-01T00:00:00Z', revoked_at: null }, NOW)).toBe('expired');
  });
  it('is revoked once revoked, expired or not', () => {
    expect(tokenStatus({ expires_at: null, revoked_at: '2026-11-15T07:00:00Z' }, NOW)).toBe('revoked');
    expect(tokenStatus({ expires_at: '2026-11-01T00:00:00Z', revoked_at: '2026-11-02T00:00:00Z' }, NOW)).toBe('revoked');
    expect(tokenStatus({ expires_at: '2027-01-01T00:00:00Z', revoked_at: '2026-11-15T07:59:00Z' }, NOW)).toBe('revoked');
  });
  it('follows the clock', () => {
    const token = { expires_at: '2026-11-15T09:00:00Z', revoked_at: null };
    expect(tokenStatus(token, NOW)).toBe('active');
    expect(tokenStatus(token, NOW + 3_600_000)).toBe('expired');
  });
});

describe('who may hold a token', () => {
  const user = (id: string, display_name: string, role: User['role'], active = true): User => ({
    id,
    username: id,
    display_name,
    role,
    active,
    department_id: null,
    password_change_required: false,
    created_at: '2026-11-01T00:00:00Z',
  });
  const USERS = [
    user('u1', 'WeChat bridge', 'integration'),
    user('u2', 'CRM bridge', 'integration'),
    user('u3', 'Old bridge', 'integration', false),
    user('u4', 'Li Agent', 'agent'),
    user('u5', 'Admin', 'admin'),
  ];
  it('active integration users only, by name', () => {
    expect(integrationUsers(USERS).map((u) => u.id)).toEqual(['u2', 'u1']);
    expect(integrationUsers([])).toEqual([]);
  });
  it('a deactivated user or another role makes any token of theirs useless', () => {
    expect(isIntegrationUser({ role: 'integration', active: true })).toBe(true);
    expect(isIntegrationUser({ role: 'integration', active: false })).toBe(false);
    expect(isIntegrationUser({ role: 'agent', active: true })).toBe(false);
  });
});

describe('the expiry of a picked day', () => {
  it('is the end of that day, in the user’s time zone', () => {
    const at = new Date(expiryOfDay(dayjs('2026-12-31T10:30:00')));
    expect([at.getFullYear(), at.getMonth(), at.getDate()]).toEqual([2026, 11, 31]);
    expect([at.getHours(), at.getMinutes(), at.getSeconds()]).toEqual([23, 59, 59]);
  });
  it('cannot be a day already over; today still can', () => {
    const now = dayjs('2026-11-15T10:00:00').valueOf();
    expect(isPastDay(dayjs('2026-11-14T12:00:00'), now)).toBe(true);
    expect(isPastDay(dayjs('2026-11-15T00:00:00'), now)).toBe(false);
    expect(isPastDay(dayjs('2026-11-16T00:00:00'), now)).toBe(false);
  });
});
