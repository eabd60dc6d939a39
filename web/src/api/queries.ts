// Queries several features share: reference data that changes rarely.

import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Department } from './client';
import { keys } from './keys';

/** Every department (the API pages by 200 at most; a call center has far fewer). */
export function useDepartments() {
  return useQuery({
    queryKey: keys.departments,
    staleTime: 60_000,
    queryFn: async (): Promise<Department[]> => {
      const out: Department[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET('/api/v1/departments', { params: { query: { limit: 200, cursor } } }));
        out.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return out;
    },
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
