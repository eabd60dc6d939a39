import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, unwrapAll, type ApiToken, type Schemas, type User, type Webhook } from '../../api/client';
import { keys } from '../../api/keys';

export function useUsers() {
  return useQuery({
    queryKey: keys.users,
    queryFn: (): Promise<User[]> => unwrapAll((cursor) => api.GET('/api/v1/users', { params: { query: { limit: 200, cursor } } })),
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateUser']) => unwrap(api.POST('/api/v1/users', { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.users }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['UpdateUser'] }) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.users }),
  });
}

export function useCreateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateDepartment']) => unwrap(api.POST('/api/v1/departments', { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.departments }),
  });
}

export function useUpdateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['UpdateDepartment'] }) =>
      unwrap(api.PATCH('/api/v1/departments/{id}', { params: { path: { id } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.departments }),
  });
}

export function usePutSlaPolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['SlaPolicyDoc']) => unwrap(api.PUT('/api/v1/sla-policy', { body })),
    onSuccess: (data) => qc.setQueryData(keys.slaPolicy, data),
  });
}

export function useCreateRootCause() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateRootCause']) => unwrap(api.POST('/api/v1/root-causes', { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['root-causes'] }),
  });
}

export function useUpdateRootCause() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['UpdateRootCause'] }) =>
      unwrap(api.PATCH('/api/v1/root-causes/{id}', { params: { path: { id } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['root-causes'] }),
  });
}

/** Every API token, newest first: an admin manages a handful, revoked ones included. */
export function useApiTokens() {
  return useQuery({
    queryKey: keys.apiTokens,
    queryFn: (): Promise<ApiToken[]> =>
      unwrapAll((cursor) => api.GET('/api/v1/api-tokens', { params: { query: { limit: 200, cursor } } })),
  });
}

/**
 * Creates a token. The answer carries its secret, the only time the API shows it: the caller
 * hands it to the one dialog that shows it. It never enters the query cache (the list is
 * refetched, not updated from the answer), and the finished mutation is dropped as soon as
 * nothing observes it (`gcTime: 0`), so the secret does not outlive that dialog.
 */
export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateApiToken']) => unwrap(api.POST('/api/v1/api-tokens', { body })),
    gcTime: 0,
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.apiTokens }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/api-tokens/{id}/revoke', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.apiTokens }),
  });
}

/** Every webhook, in creation order: an admin manages a handful. */
export function useWebhooks() {
  return useQuery({
    queryKey: keys.webhooks,
    queryFn: (): Promise<Webhook[]> => unwrapAll((cursor) => api.GET('/api/v1/webhooks', { params: { query: { limit: 200, cursor } } })),
  });
}

/**
 * Creates a webhook. The answer carries its signing secret, the only time the API shows it:
 * as with API tokens, it goes to the one dialog that shows it and never into the query cache.
 */
export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateWebhook']) => unwrap(api.POST('/api/v1/webhooks', { body })),
    gcTime: 0,
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.webhooks }),
  });
}

/** Changes a webhook: its name, URL and events, or pauses and resumes it. */
export function useUpdateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['UpdateWebhook'] }) =>
      unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.webhooks }),
  });
}

const DELIVERIES_PAGE = 50;

/**
 * One webhook's deliveries, newest first, a page at a time ("Load more" asks for the next).
 * Polled while open: pending deliveries move on by themselves, and new ones arrive.
 */
export function useWebhookDeliveries(id: string) {
  return useInfiniteQuery({
    queryKey: keys.webhookDeliveries(id),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: DELIVERIES_PAGE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 10_000,
  });
}
