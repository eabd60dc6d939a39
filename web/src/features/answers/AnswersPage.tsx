// The unified answers library (统一答复口径): everyone reads and searches it; supervisors,
// admins and department staff (for their own department) issue, edit and withdraw answers.

import { App, Button, Card, Checkbox, Col, DatePicker, Flex, Form, Input, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Answer } from '../../api/client';
import { useAnswers, useDepartments } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { formFieldErrors } from '../../lib/errors';
import { mayWriteAnswers } from '../../lib/roles';
import { useSession } from '../../lib/session';
import { useDebounced } from '../../lib/useDebounced';
import { useCreateAnswer, useUpdateAnswer } from './api';

export function AnswersPage() {
  const { t, dateTime } = useI18n();
  const s = useSession();
  const [q, setQ] = useState('');
  const [includeExpired, setIncludeExpired] = useState(false);
  const query = useDebounced(q, 300);
  const answers = useAnswers({ q: query, includeExpired, limit: 200 });
  const update = useUpdateAnswer();
  const [editing, setEditing] = useState<Answer | 'new' | null>(null);
  if (!s) return null;
  const user = s.user;
  const canWrite = mayWriteAnswers(user.role);
  const mayEdit = (a: Answer) => canWrite && (user.role !== 'dept_staff' || a.department_id === user.department_id);

  return (
    <Card
      title={t('answers.title')}
      extra={
        canWrite && (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="answer-new">
            {t('answers.new')}
          </Button>
        )
      }
    >
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('answers.search')}
          aria-label={t('answers.search')}
          style={{ width: 320 }}
          data-testid="answers-search"
        />
        <Checkbox checked={includeExpired} onChange={(e) => setIncludeExpired(e.target.checked)}>
          {t('answers.includeExpired')}
        </Checkbox>
      </Flex>
      <ErrorAlert error={answers.error ?? update.error} />
      <Table<Answer>
        rowKey="id"
        size="middle"
        loading={answers.isLoading}
        dataSource={answers.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('answers.empty') }}
        data-testid="answers-table"
        scroll={{ x: 900 }}
        expandable={{
          expandedRowRender: (a) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.body}</Typography.Paragraph>,
        }}
        columns={[
          {
            title: t('answers.field.title'),
            key: 'title',
            render: (_, a) => (
              <div style={{ minWidth: 0 }}>
                <Space size={4}>
                  <Typography.Text strong>{a.title}</Typography.Text>
                  {a.topic && <Tag>{a.topic}</Tag>}
                </Space>
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 1 }} style={{ margin: 0, fontSize: 12 }}>
                  {a.body}
                </Typography.Paragraph>
              </div>
            ),
          },
          { title: t('answers.field.unit'), dataIndex: 'unit', width: 120, ellipsis: true, render: (v?: string | null) => v || t('answers.everySite') },
          { title: t('answers.field.department'), dataIndex: 'department_name', width: 130, ellipsis: true },
          {
            title: t('answers.validity'),
            key: 'validity',
            width: 180,
            render: (_, a) => (
              <Space orientation="vertical" size={0} style={{ fontSize: 12 }}>
                {!a.active ? (
                  <Tag>{t('answers.withdrawn')}</Tag>
                ) : a.in_effect ? (
                  <Tag color="green">{t('answers.inEffect')}</Tag>
                ) : (
                  <Tag color="orange">{t('answers.notInEffect')}</Tag>
                )}
                <span>{dateTime(a.valid_from)}</span>
                <span>→ {a.valid_until ? dateTime(a.valid_until) : t('answers.noEnd')}</span>
              </Space>
            ),
          },
          { title: t('answers.useCount'), dataIndex: 'use_count', width: 70, align: 'right' },
          ...(canWrite
            ? [
                {
                  title: t('admin.actions'),
                  key: 'actions',
                  width: 150,
                  render: (_: unknown, a: Answer) =>
                    mayEdit(a) ? (
                      <Space>
                        <Button size="small" onClick={() => setEditing(a)}>
                          {t('answers.edit')}
                        </Button>
                        <Button
                          size="small"
                          danger={a.active}
                          loading={update.isPending && update.variables?.id === a.id}
                          onClick={() => update.mutate({ id: a.id, body: { active: !a.active } })}
                        >
                          {a.active ? t('answers.withdraw') : t('answers.reinstate')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {editing && <AnswerDialog answer={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

interface Values {
  title: string;
  body: string;
  department_id: string;
  unit?: string;
  topic?: string;
  valid_from?: Dayjs | null;
  valid_until?: Dayjs | null;
}

function AnswerDialog({ answer, onClose }: { answer: Answer | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const s = useSession();
  const departments = useDepartments();
  const create = useCreateAnswer();
  const update = useUpdateAnswer();
  const [form] = Form.useForm<Values>();
  const staffDept = s?.user.role === 'dept_staff' ? (s.user.department_id ?? undefined) : undefined;
  const pending = create.isPending || update.isPending;
  const required = { required: true, whitespace: true, message: t('field.required') };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const common = {
      title: v.title.trim(),
      body: v.body.trim(),
      department_id: v.department_id,
      unit: v.unit?.trim() || null,
      topic: v.topic?.trim() || null,
      valid_until: v.valid_until ? v.valid_until.toISOString() : null,
    };
    const done = {
      onSuccess: () => {
        void message.success(t('answers.saved'));
        onClose();
      },
      onError: (e: unknown) => form.setFields(formFieldErrors<Values>(e, t)),
    };
    if (answer) {
      update.mutate({ id: answer.id, body: { ...common, ...(v.valid_from ? { valid_from: v.valid_from.toISOString() } : {}) } }, done);
    } else {
      create.mutate({ ...common, valid_from: v.valid_from ? v.valid_from.toISOString() : null }, done);
    }
  };

  return (
    <Modal
      open
      width={680}
      title={answer ? t('answers.editTitle', { title: answer.title }) : t('answers.new')}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={pending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'answer-save' }}
    >
      <ErrorAlert error={create.error ?? update.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          answer
            ? {
                title: answer.title,
                body: answer.body,
                department_id: answer.department_id,
                unit: answer.unit ?? undefined,
                topic: answer.topic ?? undefined,
                valid_from: dayjs(answer.valid_from),
                valid_until: answer.valid_until ? dayjs(answer.valid_until) : null,
              }
            : { department_id: staffDept }
        }
      >
        <Form.Item name="title" label={t('answers.field.title')} rules={[required]}>
          <Input autoFocus maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label={t('answers.field.body')} rules={[required]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={10000} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="department_id" label={t('answers.field.department')} rules={[{ required: true, message: t('field.required') }]}>
              <Select
                disabled={!!staffDept}
                showSearch={{ optionFilterProp: 'label' }}
                options={(departments.data ?? []).filter((d) => d.active || d.id === answer?.department_id).map((d) => ({ value: d.id, label: d.name }))}
                data-testid="answer-department"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="topic" label={t('answers.field.topic')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="unit" label={t('answers.field.unit')} tooltip={t('answers.everySite')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="valid_from" label={t('answers.field.validFrom')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="valid_until" label={t('answers.field.validUntil')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
