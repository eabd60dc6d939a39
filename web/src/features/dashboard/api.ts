// The supervisor's figures: what is breached or at risk now, escalations, pending
// extension requests, and the period report.

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas, type TicketStatus } from '../../api/client';
import { keys } from '../../api/keys';

const POLL_MS = 15_000;
const OPEN: TicketStatus[] = ['new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened'];

export type ReportSummary = Schemas['Summary'];

export function useBreached() {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'dashboard', breached: true }),
    refetchInterval: POLL_MS,
    queryFn: () => unwrap(api.GET('/api/v1/tickets', { params: { query: { breached: true, status: OPEN, limit: 200 } } })),
  });
}

/**
 * Open tickets nearest their deadline (the API has no at-risk or escalation filter, so the
 * dashboard filters the first 200 of the queue: the at-risk ones are at its head).
 */
export function useOpenHead() {
  return useQuery({
    queryKey: keys.ticketList({ screen: 'dashboard', open: true }),
    refetchInterval: POLL_MS,
    queryFn: () => unwrap(api.GET('/api/v1/tickets', { params: { query: { status: OPEN, limit: 200 } } })),
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
