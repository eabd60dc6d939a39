// Shift handovers (交接班): the outgoing person writes the log (the server adds a snapshot
// of the queue); the list shows which are signed; one handover opens with its snapshot
// and the incoming person signs it.

import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Result, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, type Handover, type SnapshotTicket, type TicketStatus } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StatusTag, UrgencyTag } from '../../components/Labels';
import { useI18n } from '../../i18n';
import { isMessageKey } from '../../i18n/translate';
import { formFieldErrors } from '../../lib/errors';
import { useCursorPages } from '../../lib/useCursorPages';
import { useSession } from '../../lib/session';
import { useCreateHandover, useHandover, useHandovers, useSignHandover, useUserNames } from './api';

/** A user's name where the console may know it: "You", a listed user, or "another user". */
function useNameOf() {
  const { t } = useI18n();
  const s = useSession();
  const role = s?.user.role;
  const users = useUserNames(role === 'supervisor' || role === 'admin');
  return (id: string | null | undefined) => {
    if (!id) return t('app.none');
    if (id === s?.user.id) return t('handovers.you');
    return users.data?.find((u) => u.id === id)?.display_name ?? t('handovers.someone');
  };
}

export function HandoversPage() {
  const { id } = useParams();
  return id ? <HandoverDetail id={id} /> : <HandoverList />;
}

interface NewValues {
  log: string;
  shift_ends_at?: Dayjs | null;
  recipient_id?: string | null;
}

function HandoverList() {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const s = useSession();
  const pages = useCursorPages('handovers');
  const list = useHandovers(pages.cursor);
  const create = useCreateHandover();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewValues>();
  const role = s?.user.role;
  const users = useUserNames(role === 'supervisor' || role === 'admin');
  const recipients = (users.data ?? []).filter(
    (u) => u.active && u.id !== s?.user.id && (u.role === 'agent' || u.role === 'supervisor' || u.role === 'admin'),
  );

  const submit = (v: NewValues) =>
    create.mutate(
      { log: v.log.trim(), shift_ends_at: v.shift_ends_at ? v.shift_ends_at.toISOString() : null, recipient_id: v.recipient_id ?? null },
      {
        onSuccess: (h) => {
          void message.success(t('handovers.created'));
          form.resetFields();
          void navigate(`/handovers/${h.id}`);
        },
        onError: (e) => form.setFields(formFieldErrors<NewValues>(e, t)),
      },
    );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xxl={8}>
        <Card title={t('handovers.new')} size="small">
          <ErrorAlert error={create.error} />
          <Form<NewValues> form={form} layout="vertical" onFinish={submit} initialValues={{ shift_ends_at: dayjs().add(8, 'hour').startOf('minute') }}>
            <Form.Item name="log" label={t('handovers.log')} extra={t('handovers.logHelp')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
              <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} maxLength={10000} data-testid="handover-log" />
            </Form.Item>
            <Form.Item name="shift_ends_at" label={t('handovers.shiftEndsAt')} extra={t('handovers.shiftEndsHelp')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
            {recipients.length > 0 && (
              <Form.Item name="recipient_id" label={t('handovers.recipient')}>
                <Select
                  allowClear
                  placeholder={t('handovers.anyone')}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={recipients.map((u) => ({ value: u.id, label: `${u.display_name} (${t(`role.${u.role}`)})` }))}
                />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="handover-submit">
              {t('handovers.submit')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xxl={16}>
        <Card title={t('handovers.title')} size="small">
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          <Table<Handover>
            rowKey="id"
            size="middle"
            loading={list.isLoading}
            dataSource={list.data?.items}
            pagination={false}
            locale={{ emptyText: t('handovers.empty') }}
            scroll={{ x: 760 }}
            data-testid="handovers-table"
            columns={[
              {
                title: t('handovers.createdAt'),
                dataIndex: 'created_at',
                width: 160,
                render: (v: string, h) => (
                  <Link to={`/handovers/${h.id}`} data-handover-link={h.id}>
                    {dateTime(v)}
                  </Link>
                ),
              },
              {
                title: t('handovers.log'),
                dataIndex: 'log',
                ellipsis: { showTitle: true },
              },
              { title: t('handovers.author'), dataIndex: 'author_name', width: 110, ellipsis: true },
              { title: t('handovers.shiftEndsAt'), dataIndex: 'shift_ends_at', width: 160, render: (v: string) => dateTime(v) },
              {
                title: t('handovers.breached'),
                key: 'breached',
                width: 70,
                align: 'right',
                render: (_, h) => <Typography.Text type={h.snapshot.breached.length ? 'danger' : undefined}>{h.snapshot.breached.length}</Typography.Text>,
              },
              {
                title: t('handovers.status'),
                key: 'status',
                width: 110,
                render: (_, h) =>
                  h.signed_at ? <Tag color="green" data-signed="yes">{t('handovers.signed')}</Tag> : <Tag color="gold" data-signed="no">{t('handovers.unsigned')}</Tag>,
              },
            ]}
          />
          {(pages.hasPrev || list.data?.next_cursor) && (
            <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
              <Button onClick={pages.prev} disabled={!pages.hasPrev}>
                {t('app.prev')}
              </Button>
              <span>{pages.page}</span>
              <Button onClick={() => list.data?.next_cursor && pages.next(list.data.next_cursor)} disabled={!list.data?.next_cursor}>
                {t('app.next')}
              </Button>
            </Space>
          )}
        </Card>
      </Col>
    </Row>
  );
}

function HandoverDetail({ id }: { id: string }) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const s = useSession();
  const nameOf = useNameOf();
  const handover = useHandover(id);
  const sign = useSignHandover(id);
  const [form] = Form.useForm<{ note?: string }>();

  if (handover.error instanceof ApiError && (handover.error.status === 404 || handover.error.status === 400)) {
    return <Result status="404" title="404" subTitle={t('error.not_found')} extra={<Link to="/handovers">{t('app.back')}</Link>} />;
  }
  if (handover.error) return <ErrorAlert error={handover.error} onRetry={() => void handover.refetch()} />;
  if (!handover.data || !s) return <Skeleton active />;
  const h = handover.data;
  const own = h.author_id === s.user.id;
  const elsewhere = !!h.recipient_id && h.recipient_id !== s.user.id;
  const snap = h.snapshot;
  const statusLabel = (st: string) => (isMessageKey(`status.${st}`) ? <StatusTag status={st as TicketStatus} /> : st);

  const ticketColumns = [
    {
      title: t('ticket.number'),
      dataIndex: 'number',
      width: 140,
      render: (n: string, tk: SnapshotTicket) => <Link to={`/tickets/${tk.id}`}>{n}</Link>,
    },
    { title: t('ticket.status'), dataIndex: 'status', width: 110, render: statusLabel },
    {
      title: t('ticket.urgency'),
      dataIndex: 'urgency',
      width: 110,
      render: (u: string | null | undefined) => <UrgencyTag urgency={u === 'P1' || u === 'P2' || u === 'P3' || u === 'P4' ? u : null} />,
    },
    { title: t('ticket.subject'), dataIndex: 'subject', ellipsis: true },
    { title: t('ticket.department'), dataIndex: 'department_name', width: 140, render: (d?: string | null) => d ?? t('ticket.callCenterQueue') },
    { title: t('handovers.dueAt'), dataIndex: 'due_at', width: 170, render: (v: string) => dateTime(v) },
  ];

  const submitSign = (v: { note?: string }) =>
    sign.mutate(
      { note: v.note?.trim() || null },
      {
        onSuccess: () => {
          void message.success(t('handovers.signedDone'));
          form.resetFields();
        },
        onError: (e) => form.setFields(formFieldErrors(e, t)),
      },
    );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="handover-page">
      <Card
        size="small"
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/handovers')} aria-label={t('app.back')} />
            {t('handovers.detail', { time: dateTime(h.created_at) })}
            {h.signed_at ? <Tag color="green">{t('handovers.signed')}</Tag> : <Tag color="gold">{t('handovers.unsigned')}</Tag>}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('handovers.author')}>{h.author_name}</Descriptions.Item>
          <Descriptions.Item label={t('handovers.shiftEndsAt')}>{dateTime(h.shift_ends_at)}</Descriptions.Item>
          <Descriptions.Item label={t('handovers.recipient')}>{h.recipient_id ? (h.recipient_name ?? nameOf(h.recipient_id)) : t('handovers.anyone')}</Descriptions.Item>
          <Descriptions.Item label={t('handovers.status')}>
            <span data-testid="handover-status">
              {h.signed_at ? t('handovers.signedBy', { name: h.signed_by_name ?? nameOf(h.signed_by), time: dateTime(h.signed_at) }) : t('handovers.unsigned')}
            </span>
          </Descriptions.Item>
          {h.sign_note && (
            <Descriptions.Item label={t('handovers.signNote')} span={2}>
              {h.sign_note}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('handovers.log')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="handover-log-text">
              {h.log}
            </Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
        {!h.signed_at && (
          <div style={{ marginTop: 16 }}>
            {own ? (
              <Alert type="info" showIcon title={t('handovers.ownNote')} />
            ) : elsewhere ? (
              <Alert type="warning" showIcon title={t('handovers.addressedElse')} />
            ) : (
              <Form form={form} layout="inline" onFinish={submitSign}>
                <ErrorAlert error={sign.error} />
                <Form.Item name="note" label={t('handovers.signNote')}>
                  <Input maxLength={2000} style={{ width: 360 }} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={sign.isPending} data-testid="handover-sign">
                  {t('handovers.sign')}
                </Button>
              </Form>
            )}
          </div>
        )}
      </Card>
      <Card size="small" title={t('handovers.snapshotAt', { time: dateTime(snap.taken_at) })} data-testid="handover-snapshot">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('handovers.openTotal')} value={snap.open_total} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('handovers.breached')} value={snap.breached.length} styles={{ content: { color: snap.breached.length ? '#cf1322' : undefined } }} />
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text type="secondary">{t('handovers.openByStatus')}</Typography.Text>
            <div style={{ marginTop: 4 }}>
              {Object.entries(snap.open_by_status).map(([st, n]) => (
                <Space key={st} size={2} style={{ marginRight: 12 }}>
                  {statusLabel(st)}
                  <span>{n}</span>
                </Space>
              ))}
            </div>
          </Col>
        </Row>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('handovers.breached')}
        </Typography.Title>
        <Table<SnapshotTicket> rowKey="id" size="small" pagination={false} dataSource={snap.breached} columns={ticketColumns} data-testid="handover-breached" />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('handovers.dueBeforeShiftEnd')}
        </Typography.Title>
        <Table<SnapshotTicket>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={snap.due_before_shift_end}
          columns={ticketColumns}
          data-testid="handover-due"
        />
      </Card>
    </Space>
  );
}
