// Whether a screen is kept current by the live stream, or only by the fallback poll, and
// when its data last came in.

import { Badge, Typography } from 'antd';
import { POLL_FALLBACK_MS, useLiveStatus } from '../api/live';
import { useI18n } from '../i18n';

export function LiveNote({ updatedAt }: { updatedAt?: number }) {
  const { t, time } = useI18n();
  const status = useLiveStatus();
  const live = status === 'open';
  return (
    <Typography.Text type="secondary" data-testid="live-status" data-live={status}>
      <Badge status={live ? 'success' : 'default'} />{' '}
      {live ? t('app.live') : t('app.autoRefresh', { seconds: POLL_FALLBACK_MS / 1000 })}
      {updatedAt ? ` · ${t('app.updatedAt', { time: time(new Date(updatedAt).toISOString()) })}` : ''}
    </Typography.Text>
  );
}
