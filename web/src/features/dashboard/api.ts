// The dashboard's figures: what is breached or at risk now, escalations, pending
// extension requests, and the period report (and its CSV), for all departments or one.

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, unwrapFile, type Schemas, type TicketStatus } from '../../api/client';
import { keys } from '../../api/keys';
import { POLL_FALLBACK_MS as POLL_MS } from '../../api/live';
import { reportQuery, summaryFileName, type DashboardScope } from './scope';

const OPEN: TicketStatus[] = ['new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened'];

export type ReportSummary = Schemas['Summary'];

type TicketQuery = { breached?: boolean; at_risk?: boolean; escalated?: boolean; due_before?: string };

/** Open tickets matching `query`, of one department or all, one page of 200. */
function openTickets(query: TicketQuery, departmentId: string | undefined) {
  return unwrap(
    api.GET('/api/v1/tickets', { params: { query: { ...query, department_id: departmentId, status: OPEN, limit: 200 } } }),
  );
}

export function useBreached(departmentId: string | undefined) {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'dashboard', breached: true, departmentId }),
    refetchInterval: POLL_MS,
    queryFn: () => openTickets({ breached: true }, departmentId),
  });
}

/** Open tickets with a running clock past the at-risk share of its window, none breached yet. */
export function useAtRisk(departmentId: string | undefined) {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'dashboard', at_risk: true, departmentId }),
    refetchInterval: POLL_MS,
    queryFn: () => openTickets({ at_risk: true }, departmentId),
  });
}

/** Open tickets escalated at least once. */
export function useEscalated(departmentId: string | undefined) {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'dashboard', escalated: true, departmentId }),
    refetchInterval: POLL_MS,
    queryFn: () => openTickets({ escalated: true }, departmentId),
  });
}

/** Open tickets whose nearest running deadline falls in the next 15 minutes, not breached yet. */
export function useDueSoon(departmentId: string | undefined) {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'dashboard', due_soon: true, departmentId }),
    refetchInterval: 30_000,
    queryFn: () => openTickets({ due_before: new Date(Date.now() + 15 * 60_000).toISOString(), breached: false }, departmentId),
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

/** Extension requests waiting for a decision (call-center roles), of all departments or one. */
export function usePendingExtensions(enabled: boolean, departmentId?: string) {
  return useQuery({
    queryKey: [...keys.extensions('pending'), departmentId ?? 'all'],
    enabled,
    refetchInterval: POLL_MS,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/extensions', {
          params: { query: { status: 'pending', limit: 200, ...(departmentId ? { department_id: departmentId } : {}) } },
        }),
      ),
  });
}

/** The period report (GET /api/v1/reports/summary): the last `days` days, all departments or one. */
export function useReportSummary(scope: Pick<DashboardScope, 'days' | 'departmentId'>) {
  return useQuery({
    queryKey: keys.reports({ days: scope.days, departmentId: scope.departmentId }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/reports/summary', { params: { query: reportQuery(scope, new Date()) } })),
  });
}

/**
 * Downloads the report as CSV (GET /api/v1/reports/summary.csv) for the same period and
 * department; `period` pins it to the figures on screen when they are known.
 */
export function useSummaryCsv() {
  return useMutation({
    mutationFn: ({ scope, period }: { scope: Pick<DashboardScope, 'days' | 'departmentId'>; period?: { from: string; to: string } }) => {
      const query = { ...reportQuery(scope, new Date()), ...period };
      return unwrapFile(
        api.GET('/api/v1/reports/summary.csv', { params: { query }, parseAs: 'blob' }),
        summaryFileName(query.from, query.to),
      );
    },
  });
}
