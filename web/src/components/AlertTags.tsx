// What calls for attention on a ticket, as small tags on its row or card: a deadline passed
// (or close), escalations, and urges or supervision orders (催办/督办) so far. Each says it
// in full on hover or focus (and to screen readers); in a table only an icon and a count,
// on a phone's card a short word too.

import { ClockCircleOutlined, NotificationOutlined, RiseOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import type { Ticket } from '../api/client';
import { useI18n } from '../i18n';

type Alerting = Pick<Ticket, 'at_risk' | 'breached' | 'escalation_level' | 'urge_count' | 'urged_at'>;

export function AlertTags({ ticket: tk, words = false }: { ticket: Alerting; words?: boolean }) {
  const { t, dateTime } = useI18n();
  const tags: { key: string; color: string; icon: ReactNode; short: string; full: string }[] = [];
  if (tk.breached) {
    tags.push({ key: 'breached', color: 'red', icon: <ClockCircleOutlined />, short: t('alert.breachedShort'), full: t('alert.breached') });
  } else if (tk.at_risk) {
    tags.push({ key: 'at_risk', color: 'gold', icon: <ClockCircleOutlined />, short: t('alert.atRiskShort'), full: t('alert.atRisk') });
  }
  if (tk.escalation_level > 0) {
    tags.push({
      key: 'escalated',
      color: 'magenta',
      icon: <RiseOutlined />,
      short: `${t('alert.escalatedShort')}${tk.escalation_level}`,
      full: t('ticket.escalationLevel', { level: tk.escalation_level }),
    });
  }
  if (tk.urge_count > 0) {
    tags.push({
      key: 'urged',
      color: 'orange',
      icon: <NotificationOutlined />,
      short: `${t('alert.urgedShort')}${tk.urge_count}`,
      full: tk.urged_at ? t('alert.urgedAt', { count: tk.urge_count, time: dateTime(tk.urged_at) }) : t('alert.urged', { count: tk.urge_count }),
    });
  }
  if (tags.length === 0) return null;
  return (
    <span style={{ whiteSpace: 'nowrap', flex: 'none' }} data-testid="ticket-alerts">
      {tags.map((a) => (
        <Tooltip key={a.key} title={a.full}>
          <Tag color={a.color} icon={a.icon} data-alert={a.key} tabIndex={0} aria-label={a.full} role="img" style={{ marginInlineEnd: 4 }}>
            {words ? a.short : a.key === 'escalated' ? tk.escalation_level : a.key === 'urged' ? tk.urge_count : null}
          </Tag>
        </Tooltip>
      ))}
    </span>
  );
}
