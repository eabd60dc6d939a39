// One ticket: its data, timeline and extensions, and the actions on it. Every action
// refreshes the ticket, its timeline and the lists it appears in.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Event, type Schemas, type Ticket, type Urgency } from '../../api/client';
import { keys } from '../../api/keys';
import { POLL_FALLBACK_MS as POLL_MS } from '../../api/live';

export function useTicket(id: string) {
  return useQuery({
    queryKey: keys.ticket(id),
    refetchInterval: POLL_MS,
    queryFn: () => unwrap(api.GET('/api/v1/tickets/{id}', { params: { path: { id } } })),
  });
}

/** The whole timeline, oldest first (a ticket's history is short; pages of 200). */
export function useEvents(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.events(id),
    enabled,
    refetchInterval: POLL_MS,
    queryFn: async (): Promise<Event[]> => {
      const out: Event[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.GET('/api/v1/tickets/{id}/events', { params: { path: { id }, query: { limit: 200, cursor } } }),
        );
        out.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return out;
    },
  });
}

export function useTicketExtensions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.ticketExtensions(id),
    enabled,
    queryFn: () =>
      unwrap(api.GET('/api/v1/tickets/{id}/extensions', { params: { path: { id } } })),
  });
}

/** The same caller's other open or resolved tickets: candidates to merge this one into. */
export function useDuplicates(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.ticketDuplicates(id),
    enabled,
    refetchInterval: POLL_MS,
    queryFn: () => unwrap(api.GET('/api/v1/tickets/{id}/duplicates', { params: { path: { id } } })),
  });
}

/** Tickets matching a number (or text) typed in the merge dialog. */
export function findTickets(q: string): Promise<Ticket[]> {
  return unwrap(api.GET('/api/v1/tickets', { params: { query: { q, limit: 10 } } })).then((p) => p.items);
}

/** The body each action sends; `decide` carries the extension and the verdict. */
export type ActionInput =
  | { action: 'accept' }
  | { action: 'return'; body: Schemas['ReasonRequest'] }
  | { action: 'contact'; body: Schemas['NoteRequest'] }
  | { action: 'dispatch'; departmentId: string; urgency: Urgency; note?: string | null }
  | { action: 'answer'; body: Schemas['AnswerRequest'] }
  | { action: 'request_extension'; body: Schemas['ExtensionRequest'] }
  | { action: 'approve' | 'reject'; extensionId: string; body: Schemas['NoteRequest'] }
  | { action: 'resolve'; body: Schemas['ResolveRequest'] }
  | { action: 'callback'; body: Schemas['CallbackRequest'] }
  | { action: 'reopen'; body: Schemas['ReasonRequest'] }
  | { action: 'close'; body: Schemas['NoteRequest'] }
  | { action: 'merge'; into: string }
  | { action: 'urge' | 'supervise'; body: Schemas['UrgeRequest'] }
  | { action: 'comment'; body: Schemas['CommentRequest'] }
  | { action: 'overrule' | 'flag_hot'; body: Schemas['ReasonRequest'] }
  | { action: 'recontact' | 'flag_incident' | 'record_onsite'; body: Schemas['NoteRequest'] }
  | { action: 'report_hot'; body: Schemas['HotReportRequest'] };

function call(id: string, input: ActionInput): Promise<unknown> {
  const path = { params: { path: { id } } };
  switch (input.action) {
    case 'accept':
      return unwrap(api.POST('/api/v1/tickets/{id}/accept', path));
    case 'return':
      return unwrap(api.POST('/api/v1/tickets/{id}/return', { ...path, body: input.body }));
    case 'contact':
      return unwrap(api.POST('/api/v1/tickets/{id}/contact', { ...path, body: input.body }));
    case 'dispatch':
      return unwrap(
        api.POST('/api/v1/tickets/{id}/dispatch', {
          ...path,
          body: { department_id: input.departmentId, urgency: input.urgency, note: input.note ?? null },
        }),
      );
    case 'answer':
      return unwrap(api.POST('/api/v1/tickets/{id}/answer', { ...path, body: input.body }));
    case 'request_extension':
      return unwrap(api.POST('/api/v1/tickets/{id}/extensions', { ...path, body: input.body }));
    case 'approve':
    case 'reject': {
      const p = { params: { path: { id, eid: input.extensionId } }, body: input.body };
      return input.action === 'approve'
        ? unwrap(api.POST('/api/v1/tickets/{id}/extensions/{eid}/approve', p))
        : unwrap(api.POST('/api/v1/tickets/{id}/extensions/{eid}/reject', p));
    }
    case 'resolve':
      return unwrap(api.POST('/api/v1/tickets/{id}/resolve', { ...path, body: input.body }));
    case 'callback':
      return unwrap(api.POST('/api/v1/tickets/{id}/callback', { ...path, body: input.body }));
    case 'reopen':
      return unwrap(api.POST('/api/v1/tickets/{id}/reopen', { ...path, body: input.body }));
    case 'close':
      return unwrap(api.POST('/api/v1/tickets/{id}/close', { ...path, body: input.body }));
    case 'comment':
      return unwrap(api.POST('/api/v1/tickets/{id}/comments', { ...path, body: input.body }));
    case 'merge':
      return unwrap(api.POST('/api/v1/tickets/{id}/merge', { ...path, body: { into: input.into } }));
    case 'urge':
    case 'supervise':
      return unwrap(api.POST('/api/v1/tickets/{id}/urge', { ...path, body: input.body }));
    case 'overrule':
      return unwrap(api.POST('/api/v1/tickets/{id}/overrule', { ...path, body: input.body }));
    case 'recontact':
      return unwrap(api.POST('/api/v1/tickets/{id}/recontact', { ...path, body: input.body }));
    case 'flag_incident':
      return unwrap(api.POST('/api/v1/tickets/{id}/incident', { ...path, body: input.body }));
    case 'record_onsite':
      return unwrap(api.POST('/api/v1/tickets/{id}/onsite', { ...path, body: input.body }));
    case 'flag_hot':
      return unwrap(api.POST('/api/v1/tickets/{id}/hot', { ...path, body: input.body }));
    case 'report_hot':
      return unwrap(api.POST('/api/v1/tickets/{id}/hot-report', { ...path, body: input.body }));
  }
}

export function useTicketAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ActionInput) => call(id, input),
    onSettled: (_data, error, input) => {
      // A merge changes the main ticket too. A department that returned the ticket no longer
      // sees it: marked stale, not fetched (the screen leaves for the inbox).
      const gone = input.action === 'return' && !error;
      void queryClient.invalidateQueries({
        queryKey: input.action === 'merge' ? ['ticket'] : ['ticket', id],
        refetchType: gone ? 'none' : 'active',
      });
      void queryClient.invalidateQueries({ queryKey: keys.duplicates });
      void queryClient.invalidateQueries({ queryKey: keys.callbacks });
      void queryClient.invalidateQueries({ queryKey: keys.tickets });
      void queryClient.invalidateQueries({ queryKey: ['extensions'] });
    },
  });
}
