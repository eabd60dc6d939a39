import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas, type User } from '../../api/client';
import { keys } from '../../api/keys';

export function useUsers() {
  return useQuery({
    queryKey: keys.users,
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
