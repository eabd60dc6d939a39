// Supervisor dashboard: breached now, at risk, escalations, pending extension requests,
// and the period's charts (a separate chunk, loaded only here).

import { App, Button, Card, Col, Form, Input, Modal, Row, Segmented, Skeleton, Statistic, Table, Tabs, Tag } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import type { Extension, Ticket } from '../../api/client';
import { useSlaPolicy } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TicketTable } from '../../components/TicketTable';
import { useI18n } from '../../i18n';
import { formFieldErrors } from '../../lib/errors';
import { stateAllows } from '../../lib/permissions';
import { useAnswerReport, useAtRisk, useBreached, useDueSoon, useEscalated, usePendingExtensions, useReportSummary, useUrge } from './api';

const ReportCharts = lazy(() => import('./ReportCharts'));

export function DashboardPage() {
  const { t, dateTime } = useI18n();
  const policy = useSlaPolicy();
  const breached = useBreached();
  const atRisk = useAtRisk();
  const dueSoon = useDueSoon();
  const escalated = useEscalated();
  const pending = usePendingExtensions();
  const [days, setDays] = useState(7);
  const [urging, setUrging] = useState<Ticket | null>(null);
  const report = useReportSummary(days);
  const answerReport = useAnswerReport(days);
  const pct = policy.data?.at_risk_percent;
  // Lists come in pages of 200: more than that shows as "200+".
  const count = (page: { items: unknown[]; next_cursor?: string | null } | undefined) =>
    page ? `${page.items.length}${page.next_cursor ? '+' : ''}` : undefined;

  const stats = [
    { key: 'breached', title: t('dashboard.breached'), value: count(breached.data), color: '#cf1322' },
    { key: 'atRisk', title: t('dashboard.atRisk'), value: count(atRisk.data), color: '#d48806' },
    { key: 'dueSoon', title: t('dashboard.dueSoon'), value: count(dueSoon.data), color: '#d46b08' },
    { key: 'escalations', title: t('dashboard.escalations'), value: count(escalated.data), color: '#c41d7f' },
    { key: 'extensions', title: t('dashboard.pendingExtensions'), value: count(pending.data), color: '#1677ff' },
  ];

  return (
    <Row gutter={[16, 16]}>
      {stats.map((s) => (
        <Col key={s.key} flex="1 1 200px">
          <Card size="small" data-testid={`stat-${s.key}`}>
            <Statistic title={s.title} value={s.value ?? '–'} styles={{ content: { color: s.color } }} />
          </Card>
        </Col>
      ))}
      <Col span={24}>
        <Card size="small">
          <ErrorAlert error={breached.error ?? atRisk.error ?? dueSoon.error ?? escalated.error ?? pending.error} />
          <Tabs
            items={[
              {
                key: 'breached',
                label: t('dashboard.breached'),
                children: <TicketTable tickets={breached.data?.items} loading={breached.isLoading} atRiskPercent={pct} />,
              },
              {
                key: 'atRisk',
                label: t('dashboard.atRisk'),
                children: (
                  <TicketTable
                    testId="at-risk-table"
                    tickets={atRisk.data?.items}
                    loading={atRisk.isLoading}
                    atRiskPercent={pct}
                    extra={[
                      {
                        title: t('ticket.actions'),
                        key: 'urge',
                        width: 90,
                        render: (_: unknown, tk: Ticket) =>
                          stateAllows(tk.status, 'urge') ? (
                            <Button size="small" onClick={() => setUrging(tk)} data-urge={tk.number}>
                              {t('action.urge')}
                            </Button>
                          ) : null,
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'dueSoon',
                label: t('dashboard.dueSoon'),
                children: <TicketTable testId="due-soon-table" tickets={dueSoon.data?.items} loading={dueSoon.isLoading} atRiskPercent={pct} />,
              },
              {
                key: 'escalations',
                label: t('dashboard.escalations'),
                children: (
                  <TicketTable
                    tickets={escalated.data?.items}
                    loading={escalated.isLoading}
                    atRiskPercent={pct}
                    extra={[
                      {
                        title: t('ticket.escalation'),
                        dataIndex: 'escalation_level',
                        width: 90,
                        render: (l: number) => <Tag color="red">{t('ticket.escalationLevel', { level: l })}</Tag>,
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'extensions',
                label: t('dashboard.pendingExtensions'),
                children: (
                  <Table<Extension>
                    rowKey="id"
                    size="middle"
                    loading={pending.isLoading}
                    dataSource={pending.data?.items}
                    pagination={false}
                    columns={[
                      {
                        title: t('ticket.number'),
                        dataIndex: 'ticket_number',
                        render: (n: string, e) => <Link to={`/tickets/${e.ticket_id}`}>{n}</Link>,
                      },
                      { title: t('clock.resolution'), dataIndex: 'previous_due_at', render: (v: string) => dateTime(v) },
                      { title: t('form.newDueAt'), dataIndex: 'new_due_at', render: (v: string) => dateTime(v) },
                      { title: t('form.reason'), dataIndex: 'reason', ellipsis: true },
                      { title: t('ticket.createdAt'), dataIndex: 'requested_at', render: (v: string) => dateTime(v) },
                    ]}
                  />
                ),
              },
            ]}
          />
          {urging && <UrgeDialog ticket={urging} onClose={() => setUrging(null)} />}
        </Card>
      </Col>
      <Col span={24}>
        <Card
          title={t('dashboard.charts')}
          extra={
            <Segmented<number>
              aria-label={t('dashboard.period')}
              value={days}
              onChange={setDays}
              options={[7, 30, 90].map((n) => ({ value: n, label: t('dashboard.days', { n }) }))}
            />
          }
        >
          <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />
          {report.data ? (
            <Suspense fallback={<Skeleton active />}>
              <ReportCharts summary={report.data} />
            </Suspense>
          ) : (
            !report.error && <Skeleton active />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title={t('dashboard.topRootCauses')} size="small" data-testid="top-root-causes">
          <Table
            rowKey="root_cause_id"
            size="small"
            loading={!report.data && !report.error}
            dataSource={report.data?.top_root_causes}
            pagination={false}
            locale={{ emptyText: t('dashboard.noData') }}
            columns={[
              { title: t('ticket.rootCause'), dataIndex: 'name', ellipsis: true },
              { title: t('dashboard.tickets'), dataIndex: 'count', width: 90, align: 'right' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card
          title={t('dashboard.topAnswers')}
          size="small"
          data-testid="top-answers"
          extra={answerReport.data && t('dashboard.totalUses', { n: answerReport.data.total_uses })}
        >
          <ErrorAlert error={answerReport.error} onRetry={() => void answerReport.refetch()} />
          <Table
            rowKey="answer_id"
            size="small"
            loading={answerReport.isLoading}
            dataSource={answerReport.data?.top}
            pagination={false}
            locale={{ emptyText: t('dashboard.noData') }}
            columns={[
              { title: t('answers.field.title'), dataIndex: 'title', ellipsis: true },
              { title: t('answers.field.topic'), dataIndex: 'topic', width: 120, render: (v?: string | null) => v || t('app.none') },
              { title: t('answers.field.unit'), dataIndex: 'unit', width: 160, render: (v?: string | null) => v || t('answers.everySite') },
              { title: t('answers.field.department'), dataIndex: 'department_name', width: 160 },
              { title: t('dashboard.uses'), dataIndex: 'uses', width: 90, align: 'right' },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

function UrgeDialog({ ticket, onClose }: { ticket: Ticket; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const urge = useUrge();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    urge.mutate(
      { id: ticket.id, note: v.note.trim() },
      {
        onSuccess: () => {
          void message.success(t('urge.done', { number: ticket.number }));
          onClose();
        },
        onError: (e) => form.setFields(formFieldErrors(e, t)),
      },
    );
  };
  return (
    <Modal
      open
      title={`${t('action.urge')} · ${ticket.number}`}
      okText={t('action.urge')}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={urge.isPending}
      destroyOnHidden
    >
      <ErrorAlert error={urge.error} />
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('urge.note')} extra={t('urge.hint')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
          <Input.TextArea autoFocus autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
