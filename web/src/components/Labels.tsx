// Tags for the API's enumerations, in the user's language.

import { Tag } from 'antd';
import { useI18n } from '../i18n';
import { type Schemas, type TicketStatus } from '../api/client';

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

const URGENCY_COLOR = { P1: 'red', P2: 'volcano', P3: 'gold', P4: 'default' } as const;

export function UrgencyTag({ urgency }: { urgency: Schemas['Urgency'] | null | undefined }) {
  const { t } = useI18n();
  if (!urgency) return <>{t('app.none')}</>;
  return <Tag color={URGENCY_COLOR[urgency]}>{t(`urgency.${urgency}`)}</Tag>;
}
