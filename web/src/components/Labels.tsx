// Tags for the API's enumerations, in the user's language.

import { Tag } from 'antd';
import { useI18n } from '../i18n';
import { type Schemas, type TicketStatus, type Urgency } from '../api/client';
import { useSlaPolicy } from '../api/queries';
import { humanizeSeconds, parseIsoDuration } from '../lib/duration';

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
