// API tokens (admin): long-lived bearer tokens that let other systems call the API as an
// integration user, within the scopes given. The secret is shown once, in a dialog, right
// after creation: it lives in that dialog's state only, and closing the dialog forgets it.

import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ApiToken, CreatedApiToken, Scope } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { useNow } from '../../lib/useNow';
import { useApiTokens, useCreateApiToken, useRevokeApiToken, useUsers } from './api';
import { FormDialog } from './FormDialog';
import { MONO, SecretDialog } from './SecretDialog';
import { expiryOfDay, integrationUsers, isIntegrationUser, isPastDay, SCOPES, tokenStatus, type TokenStatus } from './tokens';

const STATUS_COLOR: Record<TokenStatus, string> = { active: 'green', expired: 'orange', revoked: 'red' };

/** The secret of a token just created, until its dialog closes. */
interface Secret {
  name: string;
  token: string;
}

export function ApiTokensTab() {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const tokens = useApiTokens();
  const users = useUsers();
  const revoke = useRevokeApiToken();
  const now = useNow();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<Secret | null>(null);
  const userById = new Map((users.data ?? []).map((u) => [u.id, u]));

  return (
    <>
      <Typography.Paragraph type="secondary">{t('admin.token.hint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="new-api-token">
          {t('admin.token.create')}
        </Button>
      </Space>
      <ErrorAlert error={tokens.error ?? users.error ?? revoke.error} onRetry={tokens.error ? () => void tokens.refetch() : undefined} />
      <Table<ApiToken>
        rowKey="id"
        size="middle"
        loading={tokens.isLoading}
        dataSource={tokens.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('admin.token.empty') }}
        data-testid="api-tokens-table"
        columns={[
          { title: t('admin.token.name'), dataIndex: 'name' },
          {
            title: t('admin.token.user'),
            dataIndex: 'user_id',
            render: (id: string) => {
              const user = userById.get(id);
              if (!user) return users.isLoading ? '' : <Typography.Text type="secondary">{t('admin.token.unknownUser')}</Typography.Text>;
              return (
                <Space size={4} wrap>
                  {user.display_name}
                  {!isIntegrationUser(user) && (
                    <Tag color="warning" data-testid="token-user-unusable">
                      {t('admin.token.userUnusable')}
                    </Tag>
                  )}
                </Space>
              );
            },
          },
          {
            title: t('admin.token.start'),
            dataIndex: 'token_start',
            render: (start: string) => (
              <Typography.Text style={{ ...MONO, whiteSpace: 'nowrap' }} data-testid="token-start">
                {start}…
              </Typography.Text>
            ),
          },
          {
            title: t('admin.token.scopes'),
            dataIndex: 'scopes',
            render: (scopes: Scope[]) => (
              <Space size={[0, 4]} wrap>
                {scopes.map((s) => (
                  <Tag key={s} style={MONO}>
                    {s}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('admin.createdAt'), dataIndex: 'created_at', render: (v: string) => dateTime(v) },
          {
            title: t('admin.token.expires'),
            dataIndex: 'expires_at',
            render: (v: string | null | undefined) => (v ? dateTime(v) : t('admin.token.never')),
          },
          {
            title: t('admin.token.lastUsed'),
            dataIndex: 'last_used_at',
            render: (v: string | null | undefined) => <span data-testid="token-last-used">{v ? dateTime(v) : t('admin.token.notUsed')}</span>,
          },
          {
            title: t('admin.token.status'),
            key: 'status',
            render: (_, token) => {
              const status = tokenStatus(token, now);
              return (
                <Tag color={STATUS_COLOR[status]} data-token-status={status}>
                  {t(`admin.token.status.${status}`)}
                </Tag>
              );
            },
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_, token) =>
              tokenStatus(token, now) === 'active' && (
                <Popconfirm
                  title={t('admin.token.revokeConfirm', { name: token.name })}
                  description={t('admin.token.revokeHint')}
                  okText={t('admin.token.revoke')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('app.cancel')}
                  onConfirm={() => revoke.mutate(token.id, { onSuccess: () => void message.success(t('admin.token.revoked')) })}
                >
                  <Button size="small" danger loading={revoke.isPending && revoke.variables === token.id}>
                    {t('admin.token.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {creating && <NewTokenDialog onClose={() => setCreating(false)} onCreated={setSecret} />}
      {secret && (
        <SecretDialog
          title={t('admin.token.secretTitle', { name: secret.name })}
          warning={t('admin.token.secretWarning')}
          secret={secret.token}
          testId="api-token-secret"
          onClose={() => setSecret(null)}
        >
          <Typography.Paragraph type="secondary">{t('admin.token.secretUse')}</Typography.Paragraph>
        </SecretDialog>
      )}
    </>
  );
}

interface Values {
  user_id: string;
  name: string;
  scopes: Scope[];
  /** The day it expires at the end of; named as the API's field so that its errors land here. */
  expires_at?: Dayjs | null;
}

const PRESET_DAYS = [30, 90, 365] as const;

function NewTokenDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: Secret) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const users = useUsers();
  const create = useCreateApiToken();
  const candidates = integrationUsers(users.data ?? []);
  const none = users.isSuccess && candidates.length === 0;
  const required = { required: true, message: t('field.required') };

  return (
    <FormDialog<Values, CreatedApiToken>
      title={t('admin.token.create')}
      form={form}
      initialValues={{ scopes: [] }}
      mutation={create}
      onSubmit={(v) =>
        create.mutateAsync({
          user_id: v.user_id,
          name: v.name.trim(),
          scopes: SCOPES.filter((s) => v.scopes.includes(s)),
          expires_at: v.expires_at ? expiryOfDay(v.expires_at) : null,
        })
      }
      // Only the name and the secret go on, to the dialog that shows them once.
      onSaved={(created) => onCreated({ name: created.name, token: created.token })}
      onClose={onClose}
      okText={t('admin.token.createOk')}
      okDisabled={none}
      width={600}
    >
      {none && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('admin.token.noIntegrationUsers', { role: t('role.integration') })}
          description={<Link to="/admin/users">{t('admin.token.toUsers')}</Link>}
          data-testid="no-integration-users"
        />
      )}
      <Form.Item name="user_id" label={t('admin.token.user')} rules={[required]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={users.isLoading}
          disabled={none}
          options={candidates.map((u) => ({ value: u.id, label: `${u.display_name} (${u.username})` }))}
          data-testid="token-user"
        />
      </Form.Item>
      <Form.Item name="name" label={t('admin.token.name')} rules={[{ ...required, whitespace: true }]}>
        <Input maxLength={100} placeholder={t('admin.token.namePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="scopes"
        label={t('admin.token.scopes')}
        rules={[{ required: true, type: 'array', min: 1, message: t('admin.token.scopesRequired') }]}
      >
        <Checkbox.Group>
          <Space orientation="vertical" size={4}>
            {SCOPES.map((s) => (
              <Checkbox key={s} value={s}>
                <Typography.Text style={MONO}>{s}</Typography.Text>
                <Typography.Text type="secondary"> · {t(`scope.${s}`)}</Typography.Text>
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      </Form.Item>
      <Form.Item name="expires_at" label={t('admin.token.expiresOn')} extra={t('admin.token.expiresHint')}>
        <DatePicker
          style={{ width: 220 }}
          disabledDate={(d) => isPastDay(d, Date.now())}
          presets={PRESET_DAYS.map((days) => ({ label: t('admin.token.inDays', { days }), value: () => dayjs().add(days, 'day') }))}
        />
      </Form.Item>
    </FormDialog>
  );
}
