// Queries several features share: reference data that changes rarely; and the reveal of a
// customer's masked phone number, offered on the ticket and in the callback worklist.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, unwrapAll, type Answer, type Department } from './client';
import { keys } from './keys';

/** Every department (the API pages by 200 at most; a call center has far fewer). */
export function useDepartments() {
  return useQuery({
    queryKey: keys.departments,
    staleTime: 60_000,
    queryFn: (): Promise<Department[]> =>
      unwrapAll((cursor) => api.GET('/api/v1/departments', { params: { query: { limit: 200, cursor } } })),
  });
}

/** The SLA policy in force: the console shows response deadlines from it before dispatch. */
export function useSlaPolicy() {
  return useQuery({
    queryKey: keys.slaPolicy,
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/sla-policy')),
  });
}

/** Root-cause categories and causes (two levels); inactive ones only for the admin's list. */
export function useRootCauses(includeInactive = false) {
  return useQuery({
    queryKey: keys.rootCauses(includeInactive),
    staleTime: 60_000,
    queryFn: () =>
      unwrap(api.GET('/api/v1/root-causes', { params: { query: { include_inactive: includeInactive || undefined } } })),
  });
}

/**
 * Unified answers (统一答复口径) matching `q`, best match first; in effect now unless
 * `includeExpired`. Intake offers them as the agent types; the library lists them.
 */
export function useAnswers(filter: { q?: string; includeExpired?: boolean; limit?: number }, enabled = true) {
  const q = filter.q?.trim() || undefined;
  return useQuery({
    queryKey: keys.answerList({ q, includeExpired: !!filter.includeExpired, limit: filter.limit ?? 50 }),
    enabled,
    staleTime: 15_000,
    queryFn: (): Promise<Answer[]> =>
      unwrap(
        api.GET('/api/v1/answers', {
          params: { query: { q, include_expired: filter.includeExpired || undefined, limit: filter.limit ?? 50 } },
        }),
      ).then((p) => p.items),
  });
}

/**
 * Reveals a ticket's customer's full phone number (POST /tickets/{id}/reveal-phone; call
 * center only). Each reveal goes on the ticket's history, with `note` saying why: the
 * timeline is refetched to show it. The number is not cached: it lives as long as the
 * component that asked for it.
 */
export function useRevealPhone(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (note: string | null) =>
      unwrap(api.POST('/api/v1/tickets/{id}/reveal-phone', { params: { path: { id: ticketId } }, body: { note } })).then((r) => r.phone),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.events(ticketId) }),
  });
}
