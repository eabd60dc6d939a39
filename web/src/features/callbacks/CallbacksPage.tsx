// Callbacks (回访): resolved tickets waiting for the call center to call the customer back,
// the longest-waiting first.

import { useQuery } from '@tanstack/react-query';
import { Card, Typography } from 'antd';
import { api, unwrap, type Ticket } from '../../api/client';
import { keys } from '../../api/keys';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TicketTable } from '../../components/TicketTable';
import { useI18n } from '../../i18n';
import { useCursorPages } from '../../lib/useCursorPages';

const byResolvedAt = (a: Ticket, b: Ticket) => (a.resolved_at ?? a.updated_at).localeCompare(b.resolved_at ?? b.updated_at);

export function CallbacksPage() {
  const { t, dateTime } = useI18n();
  const pages = useCursorPages('callbacks');
  const list = useQuery({
    queryKey: keys.ticketList({ screen: 'callbacks', cursor: pages.cursor }),
    refetchInterval: 15_000,
    queryFn: () => unwrap(api.GET('/api/v1/tickets', { params: { query: { status: ['resolved'], limit: 100, cursor: pages.cursor } } })),
  });
  // The server orders by running deadline; resolved tickets have none, so order by
  // resolution time here (within the page).
  const items = list.data?.items.slice().sort(byResolvedAt);
  return (
    <Card title={t('callbacks.title')}>
      <Typography.Paragraph type="secondary">{t('callbacks.hint')}</Typography.Paragraph>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <TicketTable
        testId="callbacks-table"
        tickets={items}
        loading={list.isLoading}
        hide={['clock']}
        extra={[{ title: t('callbacks.resolvedAt'), dataIndex: 'resolved_at', width: 170, render: (v: string | null) => dateTime(v) }]}
        pager={{
          page: pages.page,
          hasPrev: pages.hasPrev,
          hasNext: !!list.data?.next_cursor,
          onPrev: pages.prev,
          onNext: () => list.data?.next_cursor && pages.next(list.data.next_cursor),
        }}
      />
    </Card>
  );
}
