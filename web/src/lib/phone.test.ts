import { describe, expect, it } from 'vitest';
import { telHref } from './phone';

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
