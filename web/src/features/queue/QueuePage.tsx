// The call-center queue: every ticket, nearest deadline first, with live countdowns,
// filters kept in the address (so a filtered view can be shared), paging and polling.
// Saved views keep filters under a name (per user); j / k / Enter / `/` work the list;
// supervisors urge or re-dispatch several tickets at once (Bulk.tsx).

import { Card, Checkbox, Flex, Input, Select, Space } from 'antd';
import type { InputRef } from 'antd';
import { useCallback, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { URGENCIES, type TicketStatus, type Urgency } from '../../api/client';
import { useDepartments, useSlaPolicy } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useUrgencyLabel } from '../../components/Labels';
import { TicketTable } from '../../components/TicketTable';
import { useClearAlertsWhileViewed } from '../../lib/alerts';
import { useI18n } from '../../i18n';
import { useCursorPages } from '../../lib/useCursorPages';
import { LiveNote } from '../../components/LiveNote';
import { SavedViews } from '../../components/SavedViews';
import { mayActInBulk } from '../../lib/roles';
import { useSession } from '../../lib/session';
import { useListKeys } from '../../lib/shortcuts';
import { useQueue, type QueueFilter } from './api';
import { BulkBar, useBulk } from './Bulk';

const STATUSES: TicketStatus[] = ['new', 'dispatched', 'accepted', 'in_progress', 'returned', 'resolved', 'reopened', 'closed', 'merged'];
// What the queue shows unless asked: closed and merged tickets need nothing more from anyone.
const FINISHED: TicketStatus[] = ['closed', 'merged'];
const WORKING = STATUSES.filter((s) => !FINISHED.includes(s));

export function QueuePage() {
  const { t } = useI18n();
  // Looking at one's list is seeing the alerts: the title's count goes.
  useClearAlertsWhileViewed();
  const urgencyLabel = useUrgencyLabel();
  const [params, setParams] = useSearchParams();
  const departments = useDepartments();
  const policy = useSlaPolicy();

  const picked = (params.get('status')?.split(',').filter(Boolean) ?? []) as TicketStatus[];
  const withFinished = params.get('finished') === '1';
  const filter: Omit<QueueFilter, 'cursor'> = {
    status: picked.length || withFinished ? picked : WORKING,
    department_id: params.get('department') ?? undefined,
    urgency: (params.get('urgency') as Urgency | null) ?? undefined,
    breached: params.get('breached') === '1',
    mine: params.get('mine') === '1',
    hot: params.get('hot') === '1',
    q: params.get('q') ?? undefined,
  };
  const pages = useCursorPages(params.toString());
  const queue = useQueue({ ...filter, cursor: pages.cursor });
  const me = useSession()?.user;
  const navigate = useNavigate();
  const search = useRef<InputRef>(null);
  const items = queue.data?.items;
  const open = useCallback((i: number) => {
    const tk = items?.[i];
    if (tk) void navigate(`/tickets/${tk.id}`);
  }, [items, navigate]);
  const focusSearch = useCallback(() => search.current?.focus(), []);
  const highlighted = useListKeys(items?.length ?? 0, open, focusSearch);
  const bulk = useBulk(items);

  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <Card size="small" title={t('queue.title')} extra={<LiveNote updatedAt={queue.dataUpdatedAt} />}>
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <Input.Search
          ref={search}
          key={filter.q ?? ''}
          allowClear
          placeholder={t('queue.search')}
          defaultValue={filter.q}
          onSearch={(v) => set('q', v.trim() || undefined)}
          style={{ flex: '1 1 220px' }}
          aria-label={t('queue.search')}
          data-testid="queue-search"
        />
        <Select<TicketStatus[]>
          mode="multiple"
          allowClear
          placeholder={t('queue.filter.status')}
          aria-label={t('queue.filter.status')}
          value={picked}
          onChange={(v) => set('status', v.join(',') || undefined)}
          options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          style={{ flex: '1 1 200px', minWidth: 0 }}
          maxTagCount="responsive"
        />
        <Select
          allowClear
          placeholder={t('queue.filter.department')}
          aria-label={t('queue.filter.department')}
          value={filter.department_id}
          onChange={(v?: string) => set('department', v)}
          options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          style={{ flex: '1 1 160px', minWidth: 0 }}
          showSearch={{ optionFilterProp: 'label' }}
        />
        <Select
          allowClear
          placeholder={t('queue.filter.urgency')}
          aria-label={t('queue.filter.urgency')}
          value={filter.urgency}
          onChange={(v?: Urgency) => set('urgency', v)}
          options={URGENCIES.map((u) => ({ value: u, label: urgencyLabel(u) }))}
          style={{ flex: '1 1 140px', minWidth: 0 }}
        />
        <Space wrap>
          <Checkbox checked={filter.breached} onChange={(e) => set('breached', e.target.checked ? '1' : undefined)}>
            {t('queue.filter.breached')}
          </Checkbox>
          <Checkbox checked={filter.mine} onChange={(e) => set('mine', e.target.checked ? '1' : undefined)}>
            {t('queue.filter.mine')}
          </Checkbox>
          <Checkbox checked={filter.hot} onChange={(e) => set('hot', e.target.checked ? '1' : undefined)} data-testid="queue-hot">
            {t('queue.filter.hot')}
          </Checkbox>
          <Checkbox
            checked={withFinished || picked.some((s) => FINISHED.includes(s))}
            disabled={picked.length > 0}
            onChange={(e) => set('finished', e.target.checked ? '1' : undefined)}
            data-testid="queue-finished"
          >
            {t('queue.filter.finished')}
          </Checkbox>
        </Space>
      </Flex>
      <Flex gap={16} wrap justify="space-between">
        {me && <SavedViews userId={me.id} screen="queue" query={params.toString()} onApply={(q) => setParams(new URLSearchParams(q), { replace: true })} />}
        {me && mayActInBulk(me.role) && <BulkBar bulk={bulk} />}
      </Flex>
      <ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} />
      <TicketTable
        highlighted={highlighted}
        selection={bulk.selection}
        testId="queue-table"
        tickets={queue.data?.items}
        loading={queue.isLoading}
        atRiskPercent={policy.data?.at_risk_percent}
        emptyText={t('queue.empty')}
        pager={{
          page: pages.page,
          hasPrev: pages.hasPrev,
          hasNext: !!queue.data?.next_cursor,
          onPrev: pages.prev,
          onNext: () => queue.data?.next_cursor && pages.next(queue.data.next_cursor),
        }}
      />
    </Card>
  );
}
