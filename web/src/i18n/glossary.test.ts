import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

const glossary = readFileSync(new URL('./GLOSSARY.md', import.meta.url), 'utf8');
const rows = [...glossary.matchAll(/^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \|/gm)].map(([, key, zh, english]) => ({
  key: key!,
  zh: zh!.trim(),
  en: english!.trim(),
}));
const retired = [...glossary.slice(glossary.indexOf('## Retired words')).matchAll(/^- (.+)$/gm)].map((m) => m[1]!.trim());

describe('the glossary', () => {
  it('lists terms and retired words', () => {
    expect(rows.length).toBeGreaterThan(30);
    expect(retired).toContain('根本原因');
  });
  it.each(rows)('$key is “$zh” / “$en” in both languages', ({ key, zh, en: english }) => {
    expect(key in en, key).toBe(true);
    expect(zhCN[key as keyof typeof zhCN]).toBe(zh);
    expect(en[key as keyof typeof en]).toBe(english);
  });
  it('no zh-CN message uses a retired word', () => {
    for (const [key, text] of Object.entries(zhCN)) {
      for (const word of retired) expect(text.includes(word), `${key}: ${text} has ${word}`).toBe(false);
    }
  });
});
