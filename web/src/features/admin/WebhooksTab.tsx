// Webhooks (admin): other systems are POSTed ticket history events as they happen, signed
// with the webhook's secret. The secret is shown once, right after creation, in the same
// dialog as an API token's; the list pauses and resumes a webhook, edits it, and opens its
// deliveries.

import { App, Button, Checkbox, Descriptions, Form, Input, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { CreatedWebhook, EventKind, Webhook } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { useCreateWebhook, useUpdateWebhook, useWebhooks } from './api';
import { FormDialog } from './FormDialog';
import { MONO, SecretDialog } from './SecretDialog';
import { WebhookDeliveries } from './WebhookDeliveries';
import { EVENT_GROUPS, EVENT_KINDS, firstOf, inDisplayOrder, isWebhookUrl, kindsOf, TYPICAL_EVENTS } from './webhooks';

/** The signing secret of a webhook just created, until its dialog closes. */
interface Secret {
  name: string;
  secret: string;
}

/** Tags shown per webhook before a "+N". */
const TAGS_SHOWN = 3;

export function WebhooksTab() {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const webhooks = useWebhooks();
  const update = useUpdateWebhook();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [deliveriesOf, setDeliveriesOf] = useState<string | null>(null);
  // The list's copy, so that the drawer sees a pause made meanwhile.
  const open = webhooks.data?.find((w) => w.id === deliveriesOf);

  const setActive = (w: Webhook, active: boolean) =>
    update.mutate(
      { id: w.id, body: { active } },
      { onSuccess: () => void message.success(t(active ? 'admin.webhook.resumed' : 'admin.webhook.paused', { name: w.name })) },
    );

  return (
    <>
      <Typography.Paragraph type="secondary">{t('admin.webhook.hint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="new-webhook">
          {t('admin.webhook.create')}
        </Button>
      </Space>
      <ErrorAlert error={webhooks.error ?? update.error} onRetry={webhooks.error ? () => void webhooks.refetch() : undefined} />
      <Table<Webhook>
        rowKey="id"
        size="middle"
        loading={webhooks.isLoading}
        dataSource={webhooks.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('admin.webhook.empty') }}
        data-testid="webhooks-table"
        columns={[
          { title: t('admin.webhook.name'), dataIndex: 'name' },
          {
            title: t('admin.webhook.url'),
            dataIndex: 'url',
            render: (url: string) => (
              <Typography.Text style={{ ...MONO, maxWidth: 280 }} ellipsis={{ tooltip: url }} data-testid="webhook-url">
                {url}
              </Typography.Text>
            ),
          },
          {
            title: t('admin.webhook.events'),
            dataIndex: 'events',
            render: (events: EventKind[]) => <EventTags events={events} />,
          },
          {
            title: t('admin.webhook.active'),
            dataIndex: 'active',
            render: (active: boolean, w) => (
              <Switch
                checked={active}
                loading={update.isPending && update.variables?.id === w.id}
                onChange={(on) => setActive(w, on)}
                aria-label={t('admin.webhook.activeLabel', { name: w.name })}
                data-testid="webhook-active"
              />
            ),
          },
          { title: t('admin.createdAt'), dataIndex: 'created_at', render: (v: string) => dateTime(v) },
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_, w) => (
              <Space>
                <Button size="small" onClick={() => setEditing(w)}>
                  {t('admin.webhook.editButton')}
                </Button>
                <Button size="small" onClick={() => setDeliveriesOf(w.id)}>
                  {t('admin.webhook.deliveries')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && <WebhookDialog webhook={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onCreated={setSecret} />}
      {secret && <WebhookSecretDialog secret={secret} onClose={() => setSecret(null)} />}
      {open && <WebhookDeliveries webhook={open} onClose={() => setDeliveriesOf(null)} />}
    </>
  );
}

/** A webhook's events as tags, in display order; "+N" (the rest on hover) beyond a few. */
function EventTags({ events }: { events: EventKind[] }) {
  const { t } = useI18n();
  if (events.length === EVENT_KINDS.length) return <Tag color="blue">{t('admin.webhook.allEvents')}</Tag>;
  const { shown, rest } = firstOf(inDisplayOrder(events), TAGS_SHOWN);
  return (
    <Space size={[4, 4]} wrap>
      {shown.map((k) => (
        <Tag key={k} title={k}>
          {t(`event.${k}`)}
        </Tag>
      ))}
      {rest.length > 0 && (
        <Tooltip title={rest.map((k) => t(`event.${k}`)).join(', ')}>
          <Tag data-testid="webhook-more-events">+{rest.length}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

interface Values {
  name: string;
  url: string;
  events: EventKind[];
}

// The API names a refused event by its place in the list (`events[2]`): under the one field.
const EVENT_FIELDS: Record<string, (string | number)[]> = Object.fromEntries(EVENT_KINDS.map((_, i) => [`events[${i}]`, ['events']]));

function WebhookDialog({ webhook, onClose, onCreated }: { webhook: Webhook | null; onClose: () => void; onCreated: (secret: Secret) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const required = { required: true, message: t('field.required') };

  const submit = (v: Values): Promise<Webhook | CreatedWebhook> => {
    const body = { name: v.name.trim(), url: v.url.trim(), events: inDisplayOrder(v.events) };
    return webhook ? update.mutateAsync({ id: webhook.id, body }) : create.mutateAsync(body);
  };

  return (
    <FormDialog<Values, Webhook | CreatedWebhook>
      title={webhook ? t('admin.webhook.edit', { name: webhook.name }) : t('admin.webhook.create')}
      form={form}
      initialValues={webhook ? { name: webhook.name, url: webhook.url, events: inDisplayOrder(webhook.events) } : { events: [] }}
      mutation={webhook ? update : create}
      onSubmit={submit}
      // Only the name and the secret go on, to the dialog that shows them once.
      onSaved={(saved) => {
        if ('secret' in saved) onCreated({ name: saved.name, secret: saved.secret });
      }}
      savedMessage={webhook ? t('admin.webhook.saved') : undefined}
      onClose={onClose}
      fieldMap={EVENT_FIELDS}
      okText={webhook ? undefined : t('admin.webhook.createOk')}
      width={760}
    >
      <Form.Item name="name" label={t('admin.webhook.name')} rules={[{ ...required, whitespace: true }]}>
        <Input maxLength={100} placeholder={t('admin.webhook.namePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="url"
        label={t('admin.webhook.url')}
        extra={t('admin.webhook.urlHint')}
        rules={[
          required,
          {
            validator: (_, value: string | undefined) =>
              !value || isWebhookUrl(value) ? Promise.resolve() : Promise.reject(new Error(t('admin.webhook.urlInvalid'))),
          },
        ]}
      >
        <Input maxLength={2000} style={MONO} placeholder="https://crm.example.com/switchboard" />
      </Form.Item>
      <Form.Item
        name="events"
        label={t('admin.webhook.events')}
        rules={[{ required: true, type: 'array', min: 1, message: t('admin.webhook.eventsRequired') }]}
      >
        <EventPicker />
      </Form.Item>
    </FormDialog>
  );
}

/** The events to send, as checkboxes in groups, with a typical choice and a reset. */
function EventPicker({ id, value = [], onChange }: { id?: string; value?: EventKind[]; onChange?: (events: EventKind[]) => void }) {
  const { t } = useI18n();
  return (
    <div id={id}>
      <Space size={8} style={{ marginBottom: 8 }} wrap>
        <Button size="small" onClick={() => onChange?.([...TYPICAL_EVENTS])} data-testid="webhook-typical-events">
          {t('admin.webhook.typical')}
        </Button>
        <Button size="small" onClick={() => onChange?.([])} disabled={value.length === 0}>
          {t('admin.webhook.clearEvents')}
        </Button>
        <Typography.Text type="secondary">{t('admin.webhook.typicalHint')}</Typography.Text>
      </Space>
      <Checkbox.Group value={value} onChange={(v) => onChange?.(inDisplayOrder(v))} style={{ display: 'block' }}>
        {EVENT_GROUPS.map((group) => (
          <div key={group} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t(`admin.webhook.group.${group}`)}</Typography.Text>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: '4px 12px', marginTop: 4 }}>
              {kindsOf(group).map((k) => (
                <Checkbox key={k} value={k} title={k}>
                  {t(`event.${k}`)}
                </Checkbox>
              ))}
            </div>
          </div>
        ))}
      </Checkbox.Group>
    </div>
  );
}

/** Headers of every delivery, and what each carries. */
const HEADERS = [
  ['X-Switchboard-Event', 'admin.webhook.header.event'],
  ['X-Switchboard-Delivery', 'admin.webhook.header.delivery'],
  ['X-Switchboard-Timestamp', 'admin.webhook.header.timestamp'],
  ['X-Switchboard-Signature', 'admin.webhook.header.signature'],
] as const;

function WebhookSecretDialog({ secret, onClose }: { secret: Secret; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <SecretDialog
      title={t('admin.webhook.secretTitle', { name: secret.name })}
      warning={t('admin.webhook.secretWarning')}
      secret={secret.secret}
      testId="webhook-secret"
      onClose={onClose}
    >
      <Typography.Paragraph strong style={{ marginBottom: 8 }}>
        {t('admin.webhook.verifyTitle')}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={1}
        styles={{ label: { ...MONO, whiteSpace: 'nowrap', width: 1 } }}
        items={HEADERS.map(([header, key]) => ({ key: header, label: header, children: t(key) }))}
      />
      <pre style={{ ...MONO, fontSize: 12, margin: '12px 0', padding: '8px 12px', background: 'rgba(0, 0, 0, 0.04)', borderRadius: 6, whiteSpace: 'pre-wrap' }} data-testid="webhook-signature-formula">
        {'X-Switchboard-Signature: sha256=<hex HMAC-SHA256(secret, "{timestamp}.{body}")>'}
      </pre>
      <Typography.Paragraph type="secondary">{t('admin.webhook.verifyHow')}</Typography.Paragraph>
    </SecretDialog>
  );
}
