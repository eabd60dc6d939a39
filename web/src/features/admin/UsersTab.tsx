import { Button, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import type { Role, User } from '../../api/client';
import { useDepartments } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { useCreateUser, useUpdateUser, useUsers } from './api';
import { FormDialog } from './FormDialog';

const ROLES: Role[] = ['agent', 'dept_staff', 'supervisor', 'admin', 'integration'];

interface Values {
  username?: string;
  display_name: string;
  role: Role;
  department_id?: string | null;
  password?: string;
  active?: boolean;
}

export function UsersTab() {
  const { t, dateTime } = useI18n();
  const users = useUsers();
  const departments = useDepartments();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const deptName = (id: string | null | undefined) => departments.data?.find((d) => d.id === id)?.name ?? t('app.none');
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('admin.user.create')}
        </Button>
      </Space>
      <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.isLoading}
        dataSource={users.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.user.username'), dataIndex: 'username' },
          { title: t('admin.user.displayName'), dataIndex: 'display_name' },
          { title: t('admin.user.role'), dataIndex: 'role', render: (r: Role) => <Tag>{t(`role.${r}`)}</Tag> },
          { title: t('admin.user.department'), dataIndex: 'department_id', render: (id: string | null) => deptName(id) },
          {
            title: t('admin.user.active'),
            dataIndex: 'active',
            render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('app.yes') : t('app.no')}</Tag>,
          },
          { title: t('admin.createdAt'), dataIndex: 'created_at', render: (v: string) => dateTime(v) },
          {
            title: t('admin.actions'),
            key: 'edit',
            render: (_, u) => (
              <Button size="small" onClick={() => setEditing(u)}>
                {t('admin.user.edit', { name: '' }).trim()}
              </Button>
            ),
          },
        ]}
      />
      {editing && <UserDialog user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function UserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const departments = useDepartments();
  const create = useCreateUser();
  const update = useUpdateUser();
  const role = Form.useWatch('role', form);

  const submit = (v: Values) => {
    const department_id = v.role === 'dept_staff' ? (v.department_id ?? null) : null;
    return user
      ? update.mutateAsync({
          id: user.id,
          body: { display_name: v.display_name, role: v.role, department_id, active: v.active, password: v.password || null },
        })
      : create.mutateAsync({ username: v.username ?? '', display_name: v.display_name, role: v.role, department_id, password: v.password ?? '' });
  };

  const required = { required: true, message: t('field.required') };
  return (
    <FormDialog<Values>
      title={user ? t('admin.user.edit', { name: user.username }) : t('admin.user.create')}
      form={form}
      initialValues={user ? { ...user, password: '' } : { role: 'agent', active: true }}
      mutation={user ? update : create}
      onSubmit={submit}
      savedMessage={t('admin.user.saved')}
      onClose={onClose}
    >
      {!user && (
        <Form.Item name="username" label={t('admin.user.username')} rules={[required]}>
          <Input autoFocus autoComplete="off" maxLength={64} />
        </Form.Item>
      )}
      <Form.Item name="display_name" label={t('admin.user.displayName')} rules={[required]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="role" label={t('admin.user.role')} rules={[required]}>
        <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </Form.Item>
      {role === 'dept_staff' && (
        <Form.Item name="department_id" label={t('admin.user.department')} rules={[required]}>
          <Select options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
      )}
      <Form.Item
        name="password"
        label={user ? t('admin.user.newPassword') : t('admin.user.password')}
        rules={user ? [{ min: 8 }] : [required, { min: 8 }]}
      >
        <Input.Password autoComplete="new-password" maxLength={256} />
      </Form.Item>
      {user && (
        <Form.Item name="active" label={t('admin.user.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
    </FormDialog>
  );
}
