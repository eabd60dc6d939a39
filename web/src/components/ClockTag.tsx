// A live SLA countdown: the time left (or overdue) and a colour for the clock's state.

import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { useNow } from '../lib/useNow';
import { clockColor, formatCountdown, liveClockState, type ClockView } from '../lib/clock';

export function ClockTag({
  clock,
  atRiskPercent,
  label,
}: {
  clock: ClockView | null | undefined;
  atRiskPercent?: number;
  label?: string;
}) {
  const { t, dateTime } = useI18n();
  const now = useNow();
  if (!clock) return <>{t('app.none')}</>;
  const state = liveClockState(clock, now, atRiskPercent);
  const running = state === 'on_time' || state === 'at_risk' || state === 'breached';
  let text: string;
  if (running) {
    const { text: time, overdue } = formatCountdown(Date.parse(clock.due_at) - now, t('clock.dayUnit'));
    text = overdue ? t('clock.overdue', { time }) : t('clock.left', { time });
  } else {
    text = t(`clock.state.${state}`);
  }
  const tip = [
    t('clock.due', { time: dateTime(clock.due_at) }),
    clock.met_at ? t('clock.metAt', { time: dateTime(clock.met_at) }) : null,
    clock.escalated_at ? t('clock.escalatedAt', { time: dateTime(clock.escalated_at) }) : null,
    t(`clock.state.${state}`),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Tooltip title={tip}>
      <Tag color={clockColor(state)} icon={<ClockCircleOutlined />} data-clock-state={state} tabIndex={0}>
        {label ? `${label} ` : ''}
        <span style={{ fontVariantNumeric: 'tabular-nums' }}>{text}</span>
      </Tag>
    </Tooltip>
  );
}
