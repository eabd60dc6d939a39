// One ticket: every field, its clocks, the history timeline, comments, extensions and the
// actions the signed-in person may take now: those the ticket's `allowed_actions` lists.

import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Descriptions, Empty, Form, Input, List, Result, Row, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, type Event, type Extension, type Ticket } from '../../api/client';
import { useDepartments, useSlaPolicy } from '../../api/queries';
import { ClockTag } from '../../components/ClockTag';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PhoneReveal } from '../../components/PhoneReveal';
import { StatusTag, UrgencyTag } from '../../components/Labels';
import { useI18n } from '../../i18n';
import { formFieldErrors } from '../../lib/errors';
import { isCallCenter, revealNeedsReason } from '../../lib/roles';
import { useSession } from '../../lib/session';
import { ActionBar } from './ActionBar';
import { canBeMain } from './actions';
import { useDuplicates, useEvents, useTicket, useTicketAction, useTicketExtensions } from './api';
import { eventColor, eventDetails, mergedInto } from './eventText';
import { MergeDialog } from './MergeDialog';
import { useState } from 'react';

export function TicketPage() {
  const { id = '' } = useParams();
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const s = useSession();
  const ticket = useTicket(id);
  const events = useEvents(id, ticket.isSuccess);
  const extensions = useTicketExtensions(id, ticket.isSuccess);
  const duplicates = useDuplicates(id, ticket.isSuccess && !!s && isCallCenter(s.user.role));

  if (ticket.error instanceof ApiError && (ticket.error.status === 404 || ticket.error.code === 'bad_request' || ticket.error.status === 400)) {
    return (
      <Result
        status="404"
        title="404"
        subTitle={t('ticket.notFound')}
        data-testid="ticket-not-found"
        extra={<Button onClick={() => void navigate(-1)}>{t('app.back')}</Button>}
      />
    );
  }
  if (ticket.error) return <ErrorAlert error={ticket.error} onRetry={() => void ticket.refetch()} />;
  if (!ticket.data || !s) return <Skeleton active />;

  const tk = ticket.data;
  const role = s.user.role;
  const allowed = tk.allowed_actions;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="ticket-page">
      <Card>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)} aria-label={t('app.back')} />
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="ticket-number">
              {tk.number}
            </Typography.Title>
            <StatusTag status={tk.status} />
            <UrgencyTag urgency={tk.urgency} />
            <Tag>{t(`kind.${tk.kind}`)}</Tag>
            {tk.incident && (
              <Tag color="red" data-testid="tag-incident">
                {t('ticket.incident')}
              </Tag>
            )}
            {tk.hot && (
              <Tag color="volcano" data-testid="tag-hot">
                {t('ticket.hot')}
              </Tag>
            )}
            {tk.escalation_level > 0 && <Tag color="red">{t('ticket.escalationLevel', { level: tk.escalation_level })}</Tag>}
            {(tk.contact_count > 1 || tk.complainant_count > 1) && (
              <Tag color="volcano" data-testid="repeat-counts">
                {t('ticket.repeat', { complainants: tk.complainant_count, contacts: tk.contact_count })}
              </Tag>
            )}
          </Space>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {tk.subject}
          </Typography.Text>
          {tk.auto_close_at && tk.status === 'resolved' && (
            <Typography.Text type="secondary" data-testid="auto-close-at">
              {t('ticket.autoCloseAt', { time: dateTime(tk.auto_close_at) })}
            </Typography.Text>
          )}
          <ActionBar ticket={tk} />
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Clocks ticket={tk} />
            <Details ticket={tk} events={events.data} canRevealPhone={allowed.includes('reveal_phone')} revealNeedsReason={revealNeedsReason(role)} />
            {isCallCenter(role) && (
              <Duplicates
                ticket={tk}
                items={duplicates.data}
                loading={duplicates.isLoading}
                error={duplicates.error}
                canMerge={allowed.includes('merge')}
              />
            )}
            <Extensions
              ticket={tk}
              items={extensions.data}
              loading={extensions.isLoading}
              error={extensions.error}
              canDecide={allowed.includes('decide_extension')}
            />
            <Comments ticket={tk} events={events.data} canComment={allowed.includes('comment')} />
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <History events={events.data} loading={events.isLoading} error={events.error} />
        </Col>
      </Row>
    </Space>
  );
}

function Clocks({ ticket: tk }: { ticket: Ticket }) {
  const { t, dateTime } = useI18n();
  const policy = useSlaPolicy();
  // The on-site and hot-report clocks only exist for incidents and hot complaints, the
  // supervision clock once a supervisor has issued an order (督办; a newer one replaces it).
  const rows = [
    { key: 'response' as const, clock: tk.clocks.response },
    { key: 'resolution' as const, clock: tk.clocks.resolution },
    ...(tk.clocks.onsite ? [{ key: 'onsite' as const, clock: tk.clocks.onsite }] : []),
    ...(tk.clocks.hot_report ? [{ key: 'hot_report' as const, clock: tk.clocks.hot_report }] : []),
    ...(tk.clocks.supervision ? [{ key: 'supervision' as const, clock: tk.clocks.supervision }] : []),
  ];
  return (
    <Card title={t('ticket.clocks')} size="small" data-testid="ticket-clocks">
      <Descriptions column={1} size="small" bordered>
        {rows.map(({ key, clock }) => (
          <Descriptions.Item key={key} label={<span data-clock={key}>{t(`clock.${key}`)}</span>}>
            {clock ? (
              <Space wrap>
                <ClockTag clock={clock} atRiskPercent={policy.data?.at_risk_percent} />
                <span>{t('clock.due', { time: dateTime(clock.due_at) })}</span>
                {clock.met_at && <span>{t('clock.metAt', { time: dateTime(clock.met_at) })}</span>}
                {clock.escalated_at && <Tag color="red">{t('clock.escalatedAt', { time: dateTime(clock.escalated_at) })}</Tag>}
                {key === 'resolution' && tk.resolution_original_due_at !== tk.resolution_due_at && (
                  <Typography.Text type="secondary">{t('clock.originalDue', { time: dateTime(tk.resolution_original_due_at) })}</Typography.Text>
                )}
              </Space>
            ) : (
              t('app.none')
            )}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

function Duplicates({
  ticket: tk,
  items,
  loading,
  error,
  canMerge,
}: {
  ticket: Ticket;
  items: Ticket[] | undefined;
  loading: boolean;
  error: unknown;
  canMerge: boolean;
}) {
  const { t, dateTime } = useI18n();
  const [into, setInto] = useState<string | null>(null);
  return (
    <Card title={t('ticket.duplicates')} size="small" data-testid="ticket-duplicates">
      <ErrorAlert error={error} />
      <Table<Ticket>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('ticket.noDuplicates') }}
        // On a phone the table scrolls inside its card, not the page.
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('ticket.number'),
            dataIndex: 'number',
            width: 140,
            render: (n: string, d) => <Link to={`/tickets/${d.id}`}>{n}</Link>,
          },
          { title: t('ticket.status'), dataIndex: 'status', width: 110, render: (st: Ticket['status']) => <StatusTag status={st} /> },
          { title: t('ticket.subject'), dataIndex: 'subject', ellipsis: true },
          { title: t('ticket.createdAt'), dataIndex: 'created_at', width: 170, render: (v: string) => dateTime(v) },
          ...(canMerge
            ? [
                {
                  title: t('ticket.actions'),
                  key: 'merge',
                  width: 130,
                  render: (_: unknown, d: Ticket) =>
                    canBeMain(d) ? (
                      <Button size="small" onClick={() => setInto(d.id)} data-merge-into={d.number}>
                        {t('merge.intoThis')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {into && <MergeDialog ticket={tk} initialInto={into} onClose={() => setInto(null)} />}
    </Card>
  );
}

function Details({
  ticket: tk,
  events,
  canRevealPhone,
  revealNeedsReason: needsReason,
}: {
  ticket: Ticket;
  events: Event[] | undefined;
  canRevealPhone: boolean;
  revealNeedsReason: boolean;
}) {
  const { t, dateTime } = useI18n();
  const none = t('app.none');
  return (
    <Card title={t('ticket.details')} size="small">
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t('ticket.channel')}>{t(`channel.${tk.channel}`)}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.kind')}>{t(`kind.${tk.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.customerName')}>{tk.customer.name}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.phone')}>
          {/* A new reveal for another ticket: the component (and the number it holds) is this ticket's. */}
          <PhoneReveal key={tk.id} ticketId={tk.id} masked={tk.customer.phone} canReveal={canRevealPhone} needsReason={needsReason} />
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="phone-hint">
            {canRevealPhone ? t('phone.revealHint') : t('phone.maskedHint')}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('ticket.address')}>{tk.customer.address || none}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.unit')}>{tk.customer.unit || none}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.owner')}>{tk.owner_name}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.department')}>{tk.department_name ?? t('ticket.callCenterQueue')}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.createdAt')}>{dateTime(tk.created_at)}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.dispatchedAt')}>{dateTime(tk.dispatched_at)}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.acceptedAt')}>{dateTime(tk.accepted_at)}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.respondedAt')}>{dateTime(tk.responded_at)}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.resolvedAt')}>{dateTime(tk.resolved_at)}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.closedAt')}>{dateTime(tk.closed_at)}</Descriptions.Item>
        {tk.incident && <Descriptions.Item label={t('ticket.onsiteAt')}>{dateTime(tk.onsite_at)}</Descriptions.Item>}
        {tk.hot && <Descriptions.Item label={t('ticket.hotAt')}>{dateTime(tk.hot_at)}</Descriptions.Item>}
        {tk.hot && <Descriptions.Item label={t('ticket.hotReportedAt')}>{dateTime(tk.hot_reported_at)}</Descriptions.Item>}
        <Descriptions.Item label={t('ticket.complainants')}>{tk.complainant_count}</Descriptions.Item>
        <Descriptions.Item label={t('ticket.contacts')}>{tk.contact_count}</Descriptions.Item>
        {tk.duplicate_of && (
          <Descriptions.Item label={t('ticket.duplicateOf')} span={2}>
            <Link to={`/tickets/${tk.duplicate_of}`} data-testid="duplicate-of">
              {mergedInto(events) ?? tk.duplicate_of}
            </Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('ticket.description')} span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{tk.description || none}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('ticket.resolution')} span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{tk.resolution || none}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('ticket.rootCause')} span={2}>
          {tk.root_cause || none}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function History({ events, loading, error }: { events: Event[] | undefined; loading: boolean; error: unknown }) {
  const { t, dateTime } = useI18n();
  // Events carry the department's id only (a dispatch, a return): name it from the list.
  const departments = useDepartments();
  const deptName = (id: string) => departments.data?.find((d) => d.id === id)?.name;
  return (
    <Card title={t('ticket.history')} size="small" data-testid="ticket-history">
      <ErrorAlert error={error} />
      {loading ? (
        <Skeleton active />
      ) : (
        <Timeline
          items={(events ?? []).map((e) => ({
            key: e.id,
            color: eventColor(e.kind),
            content: (
              <div data-event-kind={e.kind}>
                <Typography.Text strong>{t(`event.${e.kind}`)}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {e.actor_name ?? (e.actor_id ? '' : t('event.system'))} · {dateTime(e.at)}
                </Typography.Text>
                {eventDetails(e, t, deptName, dateTime).map((line, i) => (
                  <div key={i} style={{ whiteSpace: 'pre-wrap' }}>
                    {line}
                  </div>
                ))}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

function Extensions({
  ticket: tk,
  items,
  loading,
  error,
  canDecide,
}: {
  ticket: Ticket;
  items: Extension[] | undefined;
  loading: boolean;
  error: unknown;
  canDecide: boolean;
}) {
  const { t, dateTime } = useI18n();
  const { message, modal } = App.useApp();
  const action = useTicketAction(tk.id);
  const send = (e: Extension, verdict: 'approve' | 'reject') =>
    action.mutate(
      { action: verdict, extensionId: e.id, body: { note: null } },
      { onSuccess: () => void message.success(t('action.done', { action: t(`action.${verdict}`) })) },
    );
  // Approving moves the deadline escalation uses: say from when to when before doing it.
  const decide = (e: Extension, verdict: 'approve' | 'reject') => {
    if (verdict === 'reject') return send(e, verdict);
    modal.confirm({
      title: t('extension.confirmApprove'),
      content: (
        <div data-testid="approve-confirm">
          {t('extension.confirmApproveBody', { from: dateTime(e.previous_due_at), to: dateTime(e.new_due_at) })}
          <div>{t('form.reason')}: {e.reason}</div>
        </div>
      ),
      okText: t('action.approve'),
      onOk: () => send(e, 'approve'),
    });
  };
  return (
    <Card title={t('ticket.extensions')} size="small">
      <ErrorAlert error={error ?? action.error} />
      <Table<Extension>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('ticket.noExtensions') }}
        // On a phone the table scrolls inside its card, not the page.
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('form.newDueAt'), dataIndex: 'new_due_at', render: (v: string) => dateTime(v) },
          { title: t('extension.originalDue'), dataIndex: 'previous_due_at', render: (v: string) => dateTime(v) },
          { title: t('form.reason'), dataIndex: 'reason', ellipsis: true },
          {
            title: t('ticket.status'),
            dataIndex: 'status',
            render: (st: Extension['status']) => (
              <Tag color={st === 'approved' ? 'green' : st === 'rejected' ? 'red' : 'gold'}>{t(`extension.status.${st}`)}</Tag>
            ),
          },
          ...(canDecide
            ? [
                {
                  title: t('ticket.actions'),
                  key: 'decide',
                  render: (_: unknown, e: Extension) =>
                    e.status === 'pending' ? (
                      <Space>
                        <Button size="small" type="primary" loading={action.isPending} onClick={() => decide(e, 'approve')}>
                          {t('action.approve')}
                        </Button>
                        <Button size="small" danger loading={action.isPending} onClick={() => decide(e, 'reject')}>
                          {t('action.reject')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

interface CommentValues {
  body: string;
  internal: boolean;
}

function Comments({ ticket: tk, events, canComment }: { ticket: Ticket; events: Event[] | undefined; canComment: boolean }) {
  const { t, dateTime } = useI18n();
  const [form] = Form.useForm<CommentValues>();
  const action = useTicketAction(tk.id);
  const comments = (events ?? []).filter((e) => e.kind === 'comment');
  const submit = (v: CommentValues) =>
    action.mutate(
      { action: 'comment', body: { body: v.body.trim(), internal: !!v.internal } },
      {
        onSuccess: () => form.resetFields(),
        onError: (e) => form.setFields(formFieldErrors<CommentValues>(e, t)),
      },
    );
  return (
    <Card title={t('ticket.comments')} size="small" data-testid="ticket-comments">
      {comments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ticket.noComments')} />
      ) : (
        <List
          size="small"
          dataSource={comments}
          renderItem={(e) => {
            const d = e.data as { body?: string; internal?: boolean };
            return (
              <List.Item>
                <List.Item.Meta
                  title={
                    <Space>
                      <span>{e.actor_name}</span>
                      <Typography.Text type="secondary">{dateTime(e.at)}</Typography.Text>
                      {d.internal && <Tag color="purple">{t('event.internal')}</Tag>}
                    </Space>
                  }
                  description={<span style={{ whiteSpace: 'pre-wrap' }}>{d.body}</span>}
                />
              </List.Item>
            );
          }}
        />
      )}
      {canComment && (
        <Form<CommentValues> form={form} layout="vertical" onFinish={submit} initialValues={{ internal: true }} style={{ marginTop: 12 }}>
          <ErrorAlert error={action.error} />
          <Form.Item name="body" label={t('form.commentBody')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={10000} />
          </Form.Item>
          <Space>
            <Form.Item name="internal" valuePropName="checked" noStyle>
              <Checkbox>{t('form.internal')}</Checkbox>
            </Form.Item>
            <Button htmlType="submit" loading={action.isPending}>
              {t('action.comment')}
            </Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
