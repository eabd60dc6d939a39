// TanStack Query keys, in one place so that mutations (and the live stream) invalidate
// what they changed.

export const keys = {
  tickets: ['tickets'] as const,
  ticketList: (filter: object) => ['tickets', 'list', filter] as const,
  ticket: (id: string) => ['ticket', id] as const,
  events: (id: string) => ['ticket', id, 'events'] as const,
  ticketExtensions: (id: string) => ['ticket', id, 'extensions'] as const,
  /** Duplicate candidates change when any ticket of the caller does: one prefix for all. */
  duplicates: ['duplicates'] as const,
  ticketDuplicates: (id: string) => ['duplicates', id] as const,
  callbacks: ['callbacks'] as const,
  callbackList: (cursor: string | undefined) => ['callbacks', cursor ?? null] as const,
  extensions: (status: string) => ['extensions', status] as const,
  customer: (phone: string) => ['customer', phone] as const,
  departments: ['departments'] as const,
  users: ['users'] as const,
  apiTokens: ['api-tokens'] as const,
  /** Webhooks, and under them each one's deliveries. */
  webhooks: ['webhooks'] as const,
  webhookDeliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
  slaPolicy: ['sla-policy'] as const,
  reports: (range: object) => ['reports', range] as const,
  answers: ['answers'] as const,
  answerList: (filter: object) => ['answers', filter] as const,
  rootCauses: (includeInactive: boolean) => ['root-causes', includeInactive] as const,
  handovers: ['handovers'] as const,
  handover: (id: string) => ['handovers', id] as const,
};
