import { describe, expect, it } from 'vitest';
import { phoneProblem, telHref } from './phone';

describe('calling a revealed number', () => {
  it('dials the digits of the number as typed', () => {
    expect(telHref('13812345678')).toBe('tel:13812345678');
    expect(telHref(' 010-8888 6666 ')).toBe('tel:01088886666');
    expect(telHref('(0755) 1234 5678')).toBe('tel:075512345678');
  });
  it('keeps an international prefix', () => {
    expect(telHref('+86 138 1234 5678')).toBe('tel:+8613812345678');
  });
});

describe('phone numbers the API takes', () => {
  it('accepts what agents type and refuses what the API would', () => {
    for (const ok of ['13812345678', '+86 138-1234-5678', '(021) 5555.1234', '110']) expect(phoneProblem(ok), ok).toBeNull();
    expect(phoneProblem('12')).toBe('must have between 3 and 20 digits');
    expect(phoneProblem('1'.repeat(21))).toBe('must have between 3 and 20 digits');
    expect(phoneProblem('138x1234')).toBe('may contain only digits, spaces, dashes, dots, brackets and a leading +');
    expect(phoneProblem('1+38')).toBe('may contain only digits, spaces, dashes, dots, brackets and a leading +');
  });
});
