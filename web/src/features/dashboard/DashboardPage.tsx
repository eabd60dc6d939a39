// The dashboard: breached now, at risk, escalations, pending extension requests, and the
// period's report (charts in a separate chunk, loaded only here; incidents, hot complaints
// and supervision orders against their clocks), for all departments or one. Supervisors
// and admins pick the department (kept in the URL); department staff see their own
// department's.

import { DownloadOutlined } from '@ant-design/icons';
import {
  App, Button, Card, Col, Flex, Form, Input, Modal, Row, Segmented, Select, Skeleton, Space, Statistic, Table, Tabs, Tag, Tooltip, Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Extension, Ticket } from '../../api/client';
import { useDepartments, useSlaPolicy } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TicketTable } from '../../components/TicketTable';
import { useI18n } from '../../i18n';
import { formFieldErrors } from '../../lib/errors';
import { isCallCenter } from '../../lib/roles';
import { saveFile } from '../../lib/saveFile';
import { useSession } from '../../lib/session';
import { useAtRisk, useBreached, useDueSoon, useEscalated, usePendingExtensions, useReportSummary, useSummaryCsv, useUrge } from './api';
import { dashboardScope, departmentRows, flagRows, percent, PERIODS, withScope, type DepartmentRow, type FlagRow, type Period } from './scope';

const ReportCharts = lazy(() => import('./ReportCharts'));

/** The selector's value for "all departments" (department ids are UUIDs). */
const ALL = 'all';

export function DashboardPage() {
  const { t, dateTime } = useI18n();
  // RequireSession renders the screens only while someone is signed in.
  const user = useSession()!.user;
  const [params, setParams] = useSearchParams();
  const scope = dashboardScope(params, user);
  const { days, departmentId } = scope;
  const departments = useDepartments();
  const policy = useSlaPolicy();
  const breached = useBreached(departmentId);
  const atRisk = useAtRisk(departmentId);
  const dueSoon = useDueSoon(departmentId);
  const escalated = useEscalated(departmentId);
  // Extension requests are the call center's to decide (the API refuses department staff).
  const decidesExtensions = isCallCenter(user.role);
  const pending = usePendingExtensions(decidesExtensions, departmentId);
  // Urging (催办) is offered on the at-risk tickets the API says may be urged now.
  const mayUrge = (tk: Ticket) => tk.allowed_actions.includes('urge');
  const [urging, setUrging] = useState<Ticket | null>(null);
  const report = useReportSummary(scope);
  // While another period or department loads, the previous figures stay, marked as loading.
  const reportLoading = (!report.data && !report.error) || report.isPlaceholderData;
  const csv = useSummaryCsv();
  const pct = policy.data?.at_risk_percent;
  // Lists come in pages of 200: more than that shows as "200+".
  const count = (page: { items: unknown[]; next_cursor?: string | null } | undefined) =>
    page ? `${page.items.length}${page.next_cursor ? '+' : ''}` : undefined;

  const setScope = (change: { days?: Period; departmentId?: string | null }) => setParams(withScope(params, change), { replace: true });
  const departmentName =
    departmentId &&
    (departments.data?.find((d) => d.id === departmentId)?.name ??
      (report.data?.department_id === departmentId ? report.data.department_name : undefined));
  const departmentOptions = [
    { value: ALL, label: t('dashboard.allDepartments') },
    ...(departments.data ?? []).filter((d) => d.active || d.id === departmentId).map((d) => ({ value: d.id, label: d.name })),
  ];
  // The CSV holds the figures on screen: their period when they are shown, else a fresh one.
  const shown = report.data && !report.isPlaceholderData ? { from: report.data.from, to: report.data.to } : undefined;
  const downloadCsv = () => csv.mutate({ scope, period: shown }, { onSuccess: saveFile });

  const stats = [
    { key: 'breached', title: t('dashboard.breached'), value: count(breached.data), color: '#cf1322' },
    { key: 'atRisk', title: t('dashboard.atRisk'), value: count(atRisk.data), color: '#d48806' },
    { key: 'dueSoon', title: t('dashboard.dueSoon'), value: count(dueSoon.data), color: '#d46b08' },
    { key: 'escalations', title: t('dashboard.escalations'), value: count(escalated.data), color: '#c41d7f' },
    ...(decidesExtensions
      ? [
          {
            key: 'extensions',
            title: t('dashboard.pendingExtensions'),
            value: count(pending.data),
            color: '#1677ff',
          },
        ]
      : []),
  ];
  const periodStats = [
    { key: 'escalations', title: t('dashboard.periodEscalations'), value: report.data?.escalations },
    { key: 'urges', title: t('dashboard.urges'), value: report.data?.urges },
    { key: 'supervision-orders', title: t('dashboard.supervisionOrders'), value: report.data?.supervision_orders },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="dashboard-title">
            {departmentId ? (departmentName ?? (departments.isLoading ? '…' : departmentId)) : t('dashboard.allDepartments')}
          </Typography.Title>
          <Space wrap>
            {!scope.fixed && (
              <Select
                aria-label={t('dashboard.department')}
                data-testid="dashboard-department"
                value={departmentId ?? ALL}
                onChange={(v: string) => setScope({ departmentId: v === ALL ? null : v })}
                options={departmentOptions}
                loading={departments.isLoading}
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 220 }}
              />
            )}
            <Segmented<Period>
              aria-label={t('dashboard.period')}
              value={days}
              onChange={(d) => setScope({ days: d })}
              options={PERIODS.map((n) => ({ value: n, label: t('dashboard.days', { n }) }))}
            />
            <Button icon={<DownloadOutlined />} onClick={downloadCsv} loading={csv.isPending} data-testid="dashboard-csv">
              {t('dashboard.downloadCsv')}
            </Button>
          </Space>
        </Flex>
      </Col>
      {(csv.error || departments.error) && (
        <Col span={24}>
          <ErrorAlert error={csv.error} onRetry={downloadCsv} />
          <ErrorAlert error={departments.error} onRetry={() => void departments.refetch()} />
        </Col>
      )}
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
                    extra={
                      atRisk.data?.items.some(mayUrge)
                        ? [
                            {
                              title: t('ticket.actions'),
                              key: 'urge',
                              width: 90,
                              render: (_: unknown, tk: Ticket) =>
                                mayUrge(tk) ? (
                                  <Button size="small" onClick={() => setUrging(tk)} data-urge={tk.number}>
                                    {t('action.urge')}
                                  </Button>
                                ) : null,
                            },
                          ]
                        : undefined
                    }
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
              decidesExtensions && {
                key: 'extensions',
                label: t('dashboard.pendingExtensions'),
                children: (
                  <Table<Extension>
                    rowKey="id"
                    size="middle"
                    loading={pending.isLoading}
                    dataSource={pending.data?.items}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
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
            ].filter((item) => !!item)}
          />
          {urging && <UrgeDialog ticket={urging} onClose={() => setUrging(null)} />}
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('dashboard.charts')} data-testid="report">
          <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {periodStats.map((s) => (
              <Col key={s.key} flex="1 1 180px">
                <Card size="small" data-testid={`period-${s.key}`}>
                  <Statistic title={s.title} value={s.value ?? '–'} loading={reportLoading} />
                </Card>
              </Col>
            ))}
          </Row>
          {report.data ? (
            <Suspense fallback={<Skeleton active />}>
              <ReportCharts summary={report.data} />
            </Suspense>
          ) : (
            !report.error && <Skeleton active />
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('dashboard.byDepartment')} size="small" data-testid="department-figures">
          <Table<DepartmentRow>
            rowKey="key"
            size="small"
            loading={reportLoading}
            dataSource={report.data ? departmentRows(report.data) : undefined}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('dashboard.noData') }}
            columns={[
              { title: t('ticket.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? t('dashboard.callCenter') },
              { title: t('dashboard.dispatched'), dataIndex: 'dispatched', width: 110, align: 'right' },
              { title: t('dashboard.responseRate'), dataIndex: 'responseRate', width: 150, align: 'right', render: percent },
              { title: t('dashboard.resolved'), dataIndex: 'resolved', width: 110, align: 'right' },
              { title: t('dashboard.resolutionRate'), dataIndex: 'resolutionRate', width: 150, align: 'right', render: percent },
              { title: t('dashboard.satisfactionRate'), dataIndex: 'satisfactionRate', width: 130, align: 'right', render: percent },
              { title: t('dashboard.escalations'), dataIndex: 'escalations', width: 110, align: 'right' },
            ]}
          />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('dashboard.flags')} size="small" data-testid="flag-figures">
          <Table<FlagRow>
            rowKey="key"
            size="small"
            loading={reportLoading}
            dataSource={report.data ? flagRows(report.data) : undefined}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: '', dataIndex: 'key', render: (k: FlagRow['key']) => t(`dashboard.flag.${k}`) },
              { title: t('dashboard.flag.flagged'), dataIndex: 'flagged', width: 110, align: 'right' },
              { title: t('dashboard.flag.metOnTime'), dataIndex: 'metOnTime', width: 130, align: 'right' },
              {
                title: <Tooltip title={t('dashboard.flag.missedHelp')}>{t('dashboard.flag.missed')}</Tooltip>,
                dataIndex: 'missed',
                width: 110,
                align: 'right',
                render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
              },
              { title: t('dashboard.flag.open'), dataIndex: 'open', width: 130, align: 'right' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('dashboard.topRootCauses')} size="small" data-testid="top-root-causes">
          <Table
            rowKey="root_cause_id"
            size="small"
            loading={reportLoading}
            dataSource={report.data?.top_root_causes}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('dashboard.noData') }}
            columns={[
              { title: t('ticket.rootCause'), dataIndex: 'name', ellipsis: true },
              { title: t('dashboard.tickets'), dataIndex: 'count', width: 90, align: 'right' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('dashboard.topAnswers')} size="small" data-testid="top-answers">
          <Table
            rowKey="answer_id"
            size="small"
            loading={reportLoading}
            dataSource={report.data?.top_answers}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('dashboard.noData') }}
            columns={[
              { title: t('answers.field.title'), dataIndex: 'title', ellipsis: true },
              { title: t('answers.field.department'), dataIndex: 'department_name', width: 180, ellipsis: true },
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
