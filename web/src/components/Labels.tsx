// Tags for the API's enumerations, in the user's language.

import { Tag } from 'antd';
import { useI18n } from '../i18n';
import { type Schemas, type TicketStatus, type Urgency } from '../api/client';
import { useSlaPolicy } from '../api/queries';
import { responseDueAt } from '../lib/clock';
import { humanizeSeconds, parseIsoDuration } from '../lib/duration';
import { useNow } from '../lib/useNow';

const STATUS_COLOR: Record<TicketStatus, string> = {
  new: 'blue',
  dispatched: 'geekblue',
  accepted: 'cyan',
  in_progress: 'processing',
  returned: 'orange',
  resolved: 'green',
  reopened: 'magenta',
  closed: 'default',
  merged: 'default',
};

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}

export const URGENCY_COLOR = { P1: 'red', P2: 'volcano', P3: 'gold', P4: 'default' } as const;

/** A tier as agents tell them apart: its name and its response window from the SLA policy
 * ("P3 一般 · 1小时", "P3 · 1 hr"); the name alone until the policy is loaded. */
export function useUrgencyLabel(): (urgency: Urgency) => string {
  const { t, locale } = useI18n();
  const policy = useSlaPolicy();
  return (urgency) => {
    const seconds = policy.data ? parseIsoDuration(policy.data.response[urgency]) : null;
    const tier = t(`urgency.${urgency}`);
    return seconds === null ? tier : t('urgency.withWindow', { tier, window: humanizeSeconds(seconds, locale, 'short') });
  };
}

export function UrgencyTag({ urgency }: { urgency: Schemas['Urgency'] | null | undefined }) {
  const { t } = useI18n();
  const label = useUrgencyLabel();
  if (!urgency) return <>{t('app.none')}</>;
  return (
    <Tag color={URGENCY_COLOR[urgency]} data-urgency={urgency}>
      {label(urgency)}
    </Tag>
  );
}

/** When a dispatch at `tier` made at `at` (epoch ms) is due to be taken in, with the tier's
 * window ("Response due by 14:30 (15 minutes)"); null without a tier or before the policy. */
export function useResponseDueText(): (tier: Urgency | undefined, at: number) => string | null {
  const { t, dateTime, locale } = useI18n();
  const policy = useSlaPolicy();
  return (tier, at) => {
    if (!tier || !policy.data) return null;
    const due = responseDueAt(policy.data, tier, at, parseIsoDuration);
    const seconds = parseIsoDuration(policy.data.response[tier]);
    if (!due || seconds === null) return null;
    return t('form.responseDue', { time: dateTime(due.toISOString()), window: humanizeSeconds(seconds, locale) });
  };
}

/** The same for a dispatch now, kept current by the page's one-second clock. */
export function ResponseDue({ tier }: { tier: Urgency | undefined }) {
  const now = useNow();
  const dueText = useResponseDueText();
  return <>{dueText(tier, now)}</>;
}
