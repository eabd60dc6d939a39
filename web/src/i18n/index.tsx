// The console's language: zh-CN or English, picked from the browser on first visit,
// switchable in the header and remembered in localStorage.

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { MESSAGES, pickLocale, translate, type Locale, type Translate } from './translate';
import { formatDateTime, formatTime, useCenterOffset } from '../lib/datetime';

export type { Locale, Translate } from './translate';
export type { MessageKey } from './en';

const KEY = 'sb.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(KEY);
  if (saved === 'zh-CN' || saved === 'en-US') return saved;
  return pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

function applyLocale(locale: Locale) {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
}

export interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: Translate;
  /** Date and time in the user's locale and the center's time zone (named when not the browser's). */
  dateTime: (iso: string | null | undefined) => string;
  time: (iso: string | null | undefined) => string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = initialLocale();
    applyLocale(l);
    return l;
  });
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(KEY, l);
    applyLocale(l);
    setLocaleState(l);
  }, []);
  const offset = useCenterOffset();
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[locale];
    return {
      locale,
      setLocale,
      t: (key, vars) => translate(messages, key, vars),
      dateTime: (iso) => (iso ? formatDateTime(iso, locale, offset) : translate(messages, 'app.none')),
      time: (iso) => (iso ? formatTime(iso, locale, offset) : translate(messages, 'app.none')),
    };
  }, [locale, setLocale, offset]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
