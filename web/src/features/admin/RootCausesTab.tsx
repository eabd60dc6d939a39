// Root causes (admin): categories and the causes within them, two levels. Renamed or
// deactivated, never deleted: resolved tickets keep the cause they were given.

import { App, Button, Form, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { RootCause } from '../../api/client';
import { useRootCauses } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { formFieldErrors } from '../../lib/errors';
import { causeTree } from '../../lib/rootCauses';
import { useCreateRootCause, useUpdateRootCause } from './api';
import { FormDialog } from './FormDialog';

type Row = RootCause & { children?: Row[] };

export function RootCausesTab() {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const causes = useRootCauses(true);
  const create = useCreateRootCause();
  const update = useUpdateRootCause();
  const [form] = Form.useForm<{ name: string }>();
  const [dialog, setDialog] = useState<{ kind: 'rename'; item: RootCause } | { kind: 'add'; category: RootCause } | null>(null);
  // Categories with an empty cause list show no expander.
  const tree: Row[] = causeTree(causes.data ?? []).map((c) => ({ ...c, children: c.children.length ? c.children : undefined }));
  // Every category unfolded, unless folded by hand: also those loaded, or given causes, later
  // (the table's `defaultExpandAllRows` sees only the rows of its first render).
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const expanded = tree.filter((c) => c.children && !folded.has(c.id)).map((c) => c.id);

  return (
    <>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v) =>
          create.mutate(
            { name: v.name.trim(), parent_id: null },
            {
              onSuccess: () => {
                form.resetFields();
                void message.success(t('admin.rc.saved'));
              },
              onError: (e) => form.setFields(formFieldErrors(e, t)),
            },
          )
        }
      >
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
          <Input placeholder={t('admin.rc.name')} aria-label={t('admin.rc.newCategory')} maxLength={100} style={{ width: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending && !dialog}>
          {t('admin.rc.newCategory')}
        </Button>
      </Form>
      <ErrorAlert error={causes.error ?? update.error} />
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={causes.isLoading}
        dataSource={tree}
        pagination={false}
        expandable={{
          expandedRowKeys: expanded,
          onExpand: (open, row) =>
            setFolded((f) => {
              const next = new Set(f);
              if (open) next.delete(row.id);
              else next.add(row.id);
              return next;
            }),
        }}
        locale={{ emptyText: t('admin.rc.empty') }}
        data-testid="root-causes-table"
        columns={[
          { title: t('admin.rc.name'), dataIndex: 'name' },
          {
            title: t('admin.rc.level'),
            key: 'level',
            width: 100,
            render: (_, r) => (r.parent_id ? t('admin.rc.cause') : <Tag color="blue">{t('admin.rc.category')}</Tag>),
          },
          {
            title: t('admin.dept.active'),
            dataIndex: 'active',
            width: 90,
            render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('app.yes') : t('app.no')}</Tag>,
          },
          { title: t('admin.createdAt'), dataIndex: 'created_at', width: 180, render: (v: string) => dateTime(v) },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 300,
            render: (_, r) => (
              <Space>
                {!r.parent_id && (
                  <Button size="small" onClick={() => setDialog({ kind: 'add', category: r })} data-add-cause={r.name}>
                    {t('admin.rc.addCause')}
                  </Button>
                )}
                <Button size="small" onClick={() => setDialog({ kind: 'rename', item: r })}>
                  {t('admin.dept.rename')}
                </Button>
                <Button
                  size="small"
                  danger={r.active}
                  loading={update.isPending && update.variables?.id === r.id}
                  onClick={() => update.mutate({ id: r.id, body: { active: !r.active } })}
                >
                  {r.active ? t('admin.dept.deactivate') : t('admin.dept.activate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {dialog && <NameDialog dialog={dialog} onClose={() => setDialog(null)} />}
    </>
  );
}

function NameDialog({
  dialog,
  onClose,
}: {
  dialog: { kind: 'rename'; item: RootCause } | { kind: 'add'; category: RootCause };
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string }>();
  const create = useCreateRootCause();
  const update = useUpdateRootCause();
  return (
    <FormDialog<{ name: string }>
      title={dialog.kind === 'add' ? t('admin.rc.newCause', { category: dialog.category.name }) : `${t('admin.dept.rename')} · ${dialog.item.name}`}
      form={form}
      initialValues={{ name: dialog.kind === 'rename' ? dialog.item.name : '' }}
      mutation={dialog.kind === 'add' ? create : update}
      onSubmit={(v) =>
        dialog.kind === 'add'
          ? create.mutateAsync({ name: v.name.trim(), parent_id: dialog.category.id })
          : update.mutateAsync({ id: dialog.item.id, body: { name: v.name.trim() } })
      }
      savedMessage={t('admin.rc.saved')}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('admin.rc.name')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
        <Input autoFocus maxLength={100} />
      </Form.Item>
    </FormDialog>
  );
}
