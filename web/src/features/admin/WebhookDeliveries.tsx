// One webhook's deliveries (admin), newest first, in a drawer: each one's status (delivered,
// pending with its next attempt, given up), attempts and last result; a row opens to the JSON
// that was sent. "Load more" reads the next page; the pages loaded are refreshed while open.

import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Space, Table, Tag, Typography } from 'antd';
import type { EventKind, Webhook, WebhookDelivery } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { useWebhookDeliveries } from './api';
import { MONO } from './SecretDialog';
import { deliveryStatus, givenUpBecause, lastResult, MAX_ATTEMPTS, prettyJson, type DeliveryStatus } from './webhooks';

const STATUS_COLOR: Record<DeliveryStatus, string> = { delivered: 'green', pending: 'blue', given_up: 'red' };

export function WebhookDeliveries({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t, dateTime } = useI18n();
  const deliveries = useWebhookDeliveries(webhook.id);
  const rows = deliveries.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Drawer
      open
      title={t('admin.webhook.deliveriesTitle', { name: webhook.name })}
      size={980}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void deliveries.refetch()}
          loading={deliveries.isRefetching && !deliveries.isFetchingNextPage}
          data-testid="webhook-deliveries-refresh"
        >
          {t('app.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('admin.webhook.deliveriesHint', { max: MAX_ATTEMPTS })}</Typography.Paragraph>
      {!webhook.active && <Alert type="info" showIcon title={t('admin.webhook.pausedNote')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      <Table<WebhookDelivery>
        rowKey="id"
        size="small"
        loading={deliveries.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('admin.webhook.noDeliveries') }}
        data-testid="webhook-deliveries-table"
        expandable={{ expandedRowRender: (d) => <Payload delivery={d} /> }}
        columns={[
          { title: t('admin.createdAt'), dataIndex: 'created_at', render: (v: string) => dateTime(v) },
          {
            title: t('admin.webhook.event'),
            dataIndex: 'event_kind',
            render: (k: EventKind) => (
              <Space orientation="vertical" size={0}>
                {t(`event.${k}`)}
                <Typography.Text type="secondary" style={{ ...MONO, fontSize: 12 }}>
                  {k}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('admin.webhook.status'),
            key: 'status',
            render: (_, d) => {
              const status = deliveryStatus(d);
              return (
                <Space orientation="vertical" size={0}>
                  <Tag color={STATUS_COLOR[status]} data-delivery-status={status} style={{ marginInlineEnd: 0 }}>
                    {t(`admin.webhook.status.${status}`)}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {status === 'delivered' && dateTime(d.delivered_at)}
                    {status === 'pending' && t('admin.webhook.nextAttempt', { time: dateTime(d.next_attempt_at) })}
                    {status === 'given_up' && t(`admin.webhook.givenUp.${givenUpBecause(d)}`, { max: MAX_ATTEMPTS })}
                  </Typography.Text>
                </Space>
              );
            },
          },
          { title: t('admin.webhook.attempts'), dataIndex: 'attempts', align: 'right' },
          {
            title: t('admin.webhook.lastResult'),
            key: 'result',
            render: (_, d) => {
              const result = lastResult(d);
              if (!result) return <Typography.Text type="secondary">{t('admin.webhook.notTried')}</Typography.Text>;
              if ('status' in result) {
                const ok = result.status >= 200 && result.status < 300;
                return (
                  <Tag color={ok ? 'green' : 'red'} style={MONO} data-testid="delivery-http-status">
                    HTTP {result.status}
                  </Tag>
                );
              }
              return (
                <Typography.Text type="danger" style={{ maxWidth: 260 }} ellipsis={{ tooltip: result.error }} data-testid="delivery-error">
                  {result.error}
                </Typography.Text>
              );
            },
          },
        ]}
      />
      {deliveries.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={() => void deliveries.fetchNextPage()} loading={deliveries.isFetchingNextPage}>
            {t('admin.webhook.loadMore')}
          </Button>
        </div>
      )}
    </Drawer>
  );
}

/** What was sent: the delivery's id (its `X-Switchboard-Delivery` header) and the JSON body. */
function Payload({ delivery }: { delivery: WebhookDelivery }) {
  const { t } = useI18n();
  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('admin.webhook.deliveryId')}{' '}
        <Typography.Text style={MONO} copyable>
          {delivery.id}
        </Typography.Text>
      </Typography.Paragraph>
      <pre
        style={{ ...MONO, fontSize: 12, margin: 0, padding: '8px 12px', maxHeight: 360, overflow: 'auto', background: 'rgba(0, 0, 0, 0.04)', borderRadius: 6 }}
        data-testid="delivery-payload"
      >
        {prettyJson(delivery.payload)}
      </pre>
    </div>
  );
}
