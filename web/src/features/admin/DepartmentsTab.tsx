import { App, Button, Form, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { Department } from '../../api/client';
import { useDepartments } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { formFieldErrors } from '../../lib/errors';
import { useCreateDepartment, useUpdateDepartment } from './api';
import { FormDialog } from './FormDialog';

export function DepartmentsTab() {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const departments = useDepartments();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const [form] = Form.useForm<{ name: string }>();
  const [renaming, setRenaming] = useState<Department | null>(null);

  return (
    <>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v) =>
          create.mutate(
            { name: v.name.trim() },
            {
              onSuccess: () => {
                form.resetFields();
                void message.success(t('admin.dept.saved'));
              },
              onError: (e) => form.setFields(formFieldErrors(e, t)),
            },
          )
        }
      >
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
          <Input placeholder={t('admin.dept.name')} aria-label={t('admin.dept.name')} maxLength={100} style={{ width: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('admin.dept.create')}
        </Button>
      </Form>
      <ErrorAlert error={departments.error ?? create.error ?? update.error} />
      <Table<Department>
        rowKey="id"
        size="middle"
        loading={departments.isLoading}
        dataSource={departments.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.dept.name'), dataIndex: 'name' },
          {
            title: t('admin.dept.active'),
            dataIndex: 'active',
            render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('app.yes') : t('app.no')}</Tag>,
          },
          { title: t('admin.createdAt'), dataIndex: 'created_at', render: (v: string) => dateTime(v) },
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_, d) => (
              <Space>
                <Button size="small" onClick={() => setRenaming(d)}>
                  {t('admin.dept.rename')}
                </Button>
                <Button
                  size="small"
                  danger={d.active}
                  loading={update.isPending && update.variables?.id === d.id}
                  onClick={() => update.mutate({ id: d.id, body: { active: !d.active } })}
                >
                  {d.active ? t('admin.dept.deactivate') : t('admin.dept.activate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {renaming && <RenameDialog department={renaming} onClose={() => setRenaming(null)} />}
    </>
  );
}

function RenameDialog({ department, onClose }: { department: Department; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string }>();
  const update = useUpdateDepartment();
  return (
    <FormDialog<{ name: string }>
      title={`${t('admin.dept.rename')} · ${department.name}`}
      form={form}
      initialValues={{ name: department.name }}
      mutation={update}
      onSubmit={(v) => update.mutateAsync({ id: department.id, body: { name: v.name.trim() } })}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('admin.dept.name')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
        <Input autoFocus maxLength={100} />
      </Form.Item>
    </FormDialog>
  );
}
