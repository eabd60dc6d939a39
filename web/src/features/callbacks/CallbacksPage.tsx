// Callbacks (回访): the worklist of resolved tickets waiting for the call center to call the
// customer back, longest-waiting first (the server's order), with the unanswered attempts.
// Numbers are masked: each row whose ticket allows it (`reveal_phone` in its
// `allowed_actions`) reveals its caller's number in one click, on the record (with the note
// "callback").

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Tag, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { keys } from '../../api/keys';
import { POLL_FALLBACK_MS } from '../../api/live';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LiveNote } from '../../components/LiveNote';
import { PhoneReveal } from '../../components/PhoneReveal';
import { TicketTable } from '../../components/TicketTable';
import { useI18n } from '../../i18n';
import { REVEAL_FOR_CALLBACK } from '../../lib/phone';
import { useCursorPages } from '../../lib/useCursorPages';

export function CallbacksPage() {
  const { t, dateTime } = useI18n();
  const pages = useCursorPages('callbacks');
  const list = useQuery({
    queryKey: keys.callbackList(pages.cursor),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_FALLBACK_MS,
    queryFn: () => unwrap(api.GET('/api/v1/callbacks', { params: { query: { limit: 50, cursor: pages.cursor } } })),
  });
  return (
    <Card size="small" title={t('callbacks.title')} extra={<LiveNote updatedAt={list.dataUpdatedAt} />}>
      <Typography.Paragraph type="secondary">{t('callbacks.hint')}</Typography.Paragraph>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <TicketTable
        testId="callbacks-table"
        tickets={list.data?.items}
        loading={list.isLoading}
        hide={['clock', 'status']}
        phone={(tk) => <PhoneReveal ticketId={tk.id} masked={tk.customer.phone} canReveal={tk.allowed_actions.includes('reveal_phone')} note={REVEAL_FOR_CALLBACK} />}
        extra={[
          { title: t('callbacks.resolvedAt'), dataIndex: 'resolved_at', width: 180, render: (v: string | null) => dateTime(v) },
          {
            title: t('callbacks.attempts'),
            dataIndex: 'callback_attempts',
            width: 100,
            render: (n: number) => <Tag color={n >= 2 ? 'red' : n === 1 ? 'gold' : 'default'} data-testid="callback-attempts">{n}</Tag>,
          },
        ]}
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
