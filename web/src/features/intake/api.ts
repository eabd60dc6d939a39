// Intake's calls: the caller lookup, and recording a contact then answering or dispatching it.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap, type Schemas, type Ticket, type Urgency } from '../../api/client';
import { keys } from '../../api/keys';

export type CustomerLookup = Schemas['CustomerLookup'];

/** The digits of a phone number as typed ("138 1234-5678" → "13812345678"). */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** The caller's earlier tickets; null for a new caller (the API answers 404). */
export function useCallerLookup(phone: string) {
  const digits = phoneDigits(phone);
  return useQuery({
    queryKey: keys.customer(digits),
    enabled: digits.length >= 7,
    staleTime: 30_000,
    queryFn: async (): Promise<CustomerLookup | null> => {
      try {
        return await unwrap(api.GET('/api/v1/customers/lookup', { params: { query: { phone: digits } } }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export interface IntakeInput {
  ticket: Schemas['CreateTicket'];
  idempotencyKey: string;
  then: { kind: 'answer'; answer: string; answerId?: string | null } | { kind: 'dispatch'; departmentId: string; urgency: Urgency; note?: string };
}

/** Thrown when the ticket was recorded but answering or dispatching it failed. */
export class NextStepError extends Error {
  constructor(
    readonly ticket: Ticket,
    readonly cause: unknown,
  ) {
    super('the ticket was recorded but the next step failed');
  }
}

export function useIntake() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ ticket, idempotencyKey, then }: IntakeInput): Promise<Ticket> => {
      const created = await unwrap(
        api.POST('/api/v1/tickets', { body: ticket, params: { header: { 'Idempotency-Key': idempotencyKey } } }),
      );
      const path = { params: { path: { id: created.id } } };
      try {
        if (then.kind === 'answer') {
          // Citing a unified answer counts its use; the text defaults to the answer's body.
          const body = then.answerId ? { answer_id: then.answerId, answer: then.answer || null } : { answer: then.answer };
          return await unwrap(api.POST('/api/v1/tickets/{id}/answer', { ...path, body }));
        }
        return await unwrap(
          api.POST('/api/v1/tickets/{id}/dispatch', {
            ...path,
            body: { department_id: then.departmentId, urgency: then.urgency, note: then.note || null },
          }),
        );
      } catch (e) {
        throw new NextStepError(created, e);
      }
    },
    onSettled: (_d, _e, input) => {
      if (input.then.kind === 'answer' && input.then.answerId) void queryClient.invalidateQueries({ queryKey: keys.answers });
      void queryClient.invalidateQueries({ queryKey: keys.tickets });
      void queryClient.invalidateQueries({ queryKey: ['customer'] });
    },
  });
}
