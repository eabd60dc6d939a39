// Supervisor dashboard: breached now, at risk, escalations, pending extension requests,
// and the period's charts (a separate chunk, loaded only here).

import { Card, Col, Row, Segmented, Skeleton, Statistic, Table, Tabs, Tag } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import type { Extension } from '../../api/client';
import { useSlaPolicy } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TicketTable } from '../../components/TicketTable';
import { useI18n } from '../../i18n';
import { useBreached, useOpenHead, usePendingExtensions, useReportSummary } from './api';

const ReportCharts = lazy(() => import('./ReportCharts'));

export function DashboardPage() {
  const { t, dateTime } = useI18n();
  const policy = useSlaPolicy();
  const breached = useBreached();
  const open = useOpenHead();
  const pending = usePendingExtensions();
  const [days, setDays] = useState(7);
  const report = useReportSummary(days);
  const atRisk = (open.data?.items ?? []).filter((tk) => tk.at_risk && !tk.breached);
  const escalated = (open.data?.items ?? []).filter((tk) => tk.escalation_level > 0);
  const pct = policy.data?.at_risk_percent;

  const stats = [
    { key: 'breached', title: t('dashboard.breached'), value: breached.data?.items.length, color: '#cf1322' },
    { key: 'atRisk', title: t('dashboard.atRisk'), value: atRisk.length, color: '#d48806' },
    { key: 'escalations', title: t('dashboard.escalations'), value: escalated.length, color: '#c41d7f' },
    { key: 'extensions', title: t('dashboard.pendingExtensions'), value: pending.data?.items.length, color: '#1677ff' },
  ];

  return (
    <Row gutter={[16, 16]}>
      {stats.map((s) => (
        <Col key={s.key} xs={12} lg={6}>
          <Card size="small" data-testid={`stat-${s.key}`}>
            <Statistic title={s.title} value={s.value ?? '–'} styles={{ content: { color: s.color } }} />
          </Card>
        </Col>
      ))}
      <Col span={24}>
        <Card size="small">
          <ErrorAlert error={breached.error ?? open.error ?? pending.error} />
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
                children: <TicketTable tickets={atRisk} loading={open.isLoading} atRiskPercent={pct} />,
              },
              {
                key: 'escalations',
                label: t('dashboard.escalations'),
                children: (
                  <TicketTable
                    tickets={escalated}
                    loading={open.isLoading}
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
    </Row>
  );
}
