// One ticket: its data, timeline and extensions, and the actions on it. Every action
// refreshes the ticket, its timeline and the lists it appears in.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Event, type Schemas, type Urgency } from '../../api/client';
import { keys } from '../../api/keys';

const POLL_MS = 15_000;

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
  | { action: 'comment'; body: Schemas['CommentRequest'] };

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
  }
}

export function useTicketAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ActionInput) => call(id, input),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['ticket', id] });
      void queryClient.invalidateQueries({ queryKey: keys.tickets });
      void queryClient.invalidateQueries({ queryKey: ['extensions'] });
    },
  });
}
