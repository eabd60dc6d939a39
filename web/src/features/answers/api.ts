// The answers library's writes: issue, edit, withdraw or reinstate a unified answer.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { keys } from '../../api/keys';

export function useCreateAnswer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateAnswer']) => unwrap(api.POST('/api/v1/answers', { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.answers }),
  });
}

export function useUpdateAnswer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['UpdateAnswer'] }) =>
      unwrap(api.PATCH('/api/v1/answers/{id}', { params: { path: { id } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.answers }),
  });
}
