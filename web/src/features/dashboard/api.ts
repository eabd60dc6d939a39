// The supervisor's figures: what is breached or at risk now, escalations, pending
// extension requests, and the period report.

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas, type TicketStatus } from '../../api/client';
import { keys } from '../../api/keys';
import { POLL_FALLBACK_MS as POLL_MS } from '../../api/live';
const OPEN: TicketStatus[] = ['new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened'];

export type ReportSummary = Schemas['Summary'];

export function useBreached() {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'dashboard', breached: true }),
    refetchInterval: POLL_MS,
    queryFn: () => unwrap(api.GET('/api/v1/tickets', { params: { query: { breached: true, status: OPEN, limit: 200 } } })),
  });
}

/** Open tickets with a running clock past the at-risk share of its window, none breached yet. */
export function useAtRisk() {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'dashboard', at_risk: true }),
    refetchInterval: POLL_MS,
    queryFn: () => unwrap(api.GET('/api/v1/tickets', { params: { query: { at_risk: true, status: OPEN, limit: 200 } } })),
  });
}

/** Open tickets escalated at least once. */
export function useEscalated() {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'dashboard', escalated: true }),
    refetchInterval: POLL_MS,
    queryFn: () => unwrap(api.GET('/api/v1/tickets', { params: { query: { escalated: true, status: OPEN, limit: 200 } } })),
  });
}

/** A quick urge (催办) from the at-risk list. */
export function useUrge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) =>
      unwrap(api.POST('/api/v1/tickets/{id}/urge', { params: { path: { id } }, body: { note, due_at: null } })),
    onSettled: (_d, _e, { id }) => {
      void queryClient.invalidateQueries({ queryKey: keys.ticket(id) });
      void queryClient.invalidateQueries({ queryKey: keys.tickets });
    },
  });
}

export function usePendingExtensions() {
  return useQuery({
    queryKey: keys.extensions('pending'),
    refetchInterval: POLL_MS,
    queryFn: () => unwrap(api.GET('/api/v1/extensions', { params: { query: { status: 'pending', limit: 200 } } })),
  });
}

/** The period report (GET /api/v1/reports/summary) for the last `days` days. */
export function useReportSummary(days: number) {
  return useQuery({
    queryKey: keys.reports({ days }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - days * 86_400_000);
      return unwrap(api.GET('/api/v1/reports/summary', { params: { query: { from: from.toISOString(), to: to.toISOString() } } }));
    },
  });
}

/** Open tickets whose nearest running deadline falls in the next 15 minutes, not breached yet. */
export function useDueSoon() {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'dashboard', due_soon: true }),
    refetchInterval: 30_000,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/tickets', {
          params: {
            query: { due_before: new Date(Date.now() + 15 * 60_000).toISOString(), breached: false, status: OPEN, limit: 200 },
          },
        }),
      ),
  });
}

/** The unified answers cited most in the last `days` days (GET /api/v1/reports/answers). */
export function useAnswerReport(days: number) {
  return useQuery({
    queryKey: keys.reports({ answers: true, days }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - days * 86_400_000);
      return unwrap(
        api.GET('/api/v1/reports/answers', { params: { query: { from: from.toISOString(), to: to.toISOString(), limit: 10 } } }),
      );
    },
  });
}
