import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type TicketStatus, type Urgency } from '../../api/client';
import { keys } from '../../api/keys';
import { POLL_FALLBACK_MS } from '../../api/live';

export interface QueueFilter {
  status: TicketStatus[];
  department_id?: string;
  urgency?: Urgency;
  breached?: boolean;
  mine?: boolean;
  hot?: boolean;
  q?: string;
  cursor?: string;
}

/** One page of the queue, nearest due first (the server's order): refreshed by the live
 * stream, and polled slowly in case the stream is down. */
export function useQueue(f: QueueFilter) {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'queue', ...f }),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_FALLBACK_MS,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/tickets', {
          params: {
            query: {
              status: f.status.length ? f.status : undefined,
              department_id: f.department_id,
              urgency: f.urgency ? f.urgency : undefined,
              breached: f.breached || undefined,
              assignee: f.mine ? 'me' : undefined,
              hot: f.hot || undefined,
              q: f.q || undefined,
              cursor: f.cursor,
              limit: 50,
            },
          },
        }),
      ),
  });
}
