import { en, type MessageKey, type Messages } from './en';
import { zhCN } from './zh-CN';

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

export const MESSAGES: Record<Locale, Messages> = { 'en-US': en, 'zh-CN': zhCN };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

/** The message for `key` in `messages`, with `{name}` placeholders filled from `vars`. */
export function translate(messages: Messages, key: MessageKey, vars?: Vars): string {
  const text = messages[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** zh-CN for a browser that prefers any Chinese, English otherwise. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const lang of preferred) {
    const l = lang.toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en-US';
  }
  return 'en-US';
}

/** Whether `key` is a message key (for keys built from API values such as `status.${s}`). */
export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}
