// Shift handovers (交接班): written by the outgoing person with a snapshot the server takes,
// signed by the incoming one.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas, type User } from '../../api/client';
import { keys } from '../../api/keys';
import { POLL_FALLBACK_MS } from '../../api/live';

export function useHandovers(cursor: string | undefined) {
  return useQuery({
    queryKey: [...keys.handovers, 'list', cursor ?? null],
    refetchInterval: POLL_FALLBACK_MS,
    queryFn: () => unwrap(api.GET('/api/v1/handovers', { params: { query: { limit: 50, cursor } } })),
  });
}

export function useHandover(id: string) {
  return useQuery({
    queryKey: keys.handover(id),
    queryFn: () => unwrap(api.GET('/api/v1/handovers/{id}', { params: { path: { id } } })),
  });
}

export function useCreateHandover() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateHandover']) => unwrap(api.POST('/api/v1/handovers', { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.handovers }),
  });
}

export function useSignHandover(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['SignHandover']) => unwrap(api.POST('/api/v1/handovers/{id}/sign', { params: { path: { id } }, body })),
    onSettled: () => void qc.invalidateQueries({ queryKey: keys.handovers }),
  });
}

/**
 * Names for the user ids a handover carries. Only supervisors and admins may list users;
 * for agents the screen says "you" or "another user".
 */
export function useUserNames(enabled: boolean) {
  return useQuery({
    queryKey: keys.users,
    enabled,
    staleTime: 60_000,
    queryFn: async (): Promise<User[]> => {
      const out: User[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200, cursor } } }));
        out.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return out;
    },
  });
}
