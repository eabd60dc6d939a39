// Department inbox (dept_staff): the API scopes the list to the user's department; the
// three piles are what the department owes: sign for or return, contact, resolve.

import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Tabs } from 'antd';
import { useCallback } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap, type TicketStatus } from '../../api/client';
import { keys } from '../../api/keys';
import { POLL_FALLBACK_MS } from '../../api/live';
import { useSlaPolicy } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TicketTable } from '../../components/TicketTable';
import { useClearAlertsWhileViewed } from '../../lib/alerts';
import { useI18n, type MessageKey } from '../../i18n';
import { useListKeys } from '../../lib/shortcuts';

const PILES: { status: TicketStatus; label: MessageKey }[] = [
  { status: 'dispatched', label: 'inbox.toAccept' },
  { status: 'accepted', label: 'inbox.toContact' },
  { status: 'in_progress', label: 'inbox.toResolve' },
];

function usePile(status: TicketStatus) {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'inbox', status }),
    refetchInterval: POLL_FALLBACK_MS,
    queryFn: () => unwrap(api.GET('/api/v1/tickets', { params: { query: { status: [status], limit: 200 } } })),
  });
}

export function InboxPage() {
  const { t } = useI18n();
  // Looking at one's list is seeing the alerts: the title's count goes.
  useClearAlertsWhileViewed();
  const [params, setParams] = useSearchParams();
  const policy = useSlaPolicy();
  const piles = [usePile('dispatched'), usePile('accepted'), usePile('in_progress')];
  const active = params.get('pile') ?? 'dispatched';
  // j / k / Enter work the pile on screen.
  const shown = piles[PILES.findIndex((p) => p.status === active)]?.data?.items;
  const navigate = useNavigate();
  const open = useCallback((i: number) => {
    const tk = shown?.[i];
    if (tk) void navigate(`/tickets/${tk.id}`);
  }, [shown, navigate]);
  const highlighted = useListKeys(shown?.length ?? 0, open);
  return (
    <Card size="small" title={t('inbox.title')}>
      <Tabs
        size="small"
        activeKey={active}
        onChange={(k) => setParams({ pile: k }, { replace: true })}
        items={PILES.map((p, i) => {
          const q = piles[i]!;
          return {
            key: p.status,
            label: (
              <span data-testid={`pile-${p.status}`}>
                {t(p.label)} <Badge count={q.data?.items.length ?? 0} showZero color={i === 0 ? 'red' : 'blue'} />
              </span>
            ),
            children: (
              <>
                <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
                <TicketTable
                  tickets={q.data?.items}
                  highlighted={p.status === active ? highlighted : undefined}
                  loading={q.isLoading} atRiskPercent={policy.data?.at_risk_percent} hide={['department']} />
              </>
            ),
          };
        })}
      />
    </Card>
  );
}
