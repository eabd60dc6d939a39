// The period's charts. This module (and recharts with it) is its own chunk, loaded only
// when the dashboard shows a report.

import { Card, Col, Empty, Row, Statistic } from 'antd';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useI18n } from '../../i18n';
import type { ReportSummary } from './api';
import { percent as pct } from './scope';

const COLORS = { onTime: '#52c41a', late: '#fa8c16', breached: '#f5222d', open: '#1677ff', ext: '#faad14' };

export default function ReportCharts({ summary }: { summary: ReportSummary }) {
  const { t } = useI18n();
  const target = summary.satisfaction.target;

  const complianceRows = (rows: { label: string; met_on_time: number; met_late: number; open_breached: number; open_on_time: number }[]) =>
    rows.map((r) => ({
      name: r.label,
      [t('dashboard.metOnTime')]: r.met_on_time,
      [t('dashboard.metLate')]: r.met_late,
      [t('dashboard.openBreached')]: r.open_breached,
      [t('dashboard.openOnTime')]: r.open_on_time,
    }));
  const byTier = complianceRows(
    summary.response_by_tier.map((r) => ({ ...r, label: `${r.urgency} · ${pct(r.compliance_rate)}` })),
  );
  const byDept = complianceRows(summary.response_by_department.map((r) => ({ ...r, label: `${r.department_name} · ${pct(r.compliance_rate)}` })));
  const stackKeys = [
    { key: t('dashboard.metOnTime'), color: COLORS.onTime },
    { key: t('dashboard.metLate'), color: COLORS.late },
    { key: t('dashboard.openBreached'), color: COLORS.breached },
    { key: t('dashboard.openOnTime'), color: COLORS.open },
  ];

  const res = summary.resolution;
  const resolutionSlices = [
    { name: t('dashboard.onTime'), value: res.on_time, color: COLORS.onTime },
    { name: t('dashboard.lateWithExtension'), value: res.late_with_extension, color: COLORS.ext },
    { name: t('dashboard.late'), value: res.late, color: COLORS.late },
    { name: t('dashboard.openBreached'), value: res.open_breached, color: COLORS.breached },
    { name: t('dashboard.openOnTime'), value: res.open_on_time, color: COLORS.open },
  ].filter((s) => s.value > 0);

  const satisfaction = summary.satisfaction_by_department.map((d) => ({
    name: d.department_name ?? t('dashboard.callCenter'),
    rate: d.rate === null || d.rate === undefined ? 0 : Math.round(d.rate * 1000) / 10,
    callbacks: d.callbacks,
  }));

  const stacked = (data: Record<string, string | number>[], testId: string) =>
    data.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} />
    ) : (
      <div style={{ height: 260 }} data-testid={testId}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {stackKeys.map((s) => (
              <Bar key={s.key} dataKey={s.key} stackId="a" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('dashboard.responseByTier')}>
          {stacked(byTier, 'chart-tier')}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('dashboard.responseByDepartment')}>
          {stacked(byDept, 'chart-department')}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('dashboard.resolution48h')}>
          <Row align="middle">
            <Col span={8}>
              <Statistic title={t('dashboard.rate')} value={pct(res.rate_48h)} />
            </Col>
            <Col span={16} style={{ height: 240 }}>
              {resolutionSlices.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} />
              ) : (
                <ResponsiveContainer width="100%" height="100%">
                  <PieChart>
                    <Pie data={resolutionSlices} dataKey="value" nameKey="name" innerRadius={50} outerRadius={85} isAnimationActive={false}>
                      {resolutionSlices.map((s) => (
                        <Cell key={s.name} fill={s.color} />
                      ))}
                    </Pie>
                    <Tooltip />
                    <Legend />
                  </PieChart>
                </ResponsiveContainer>
              )}
            </Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('dashboard.satisfaction', { target: Math.round(target * 100) })}>
          <Row align="middle">
            <Col span={8}>
              <Statistic
                title={`${t('dashboard.satisfied')} / ${t('dashboard.callbacks')}`}
                value={pct(summary.satisfaction.rate)}
                suffix={<span style={{ fontSize: 14 }}>{`${summary.satisfaction.satisfied}/${summary.satisfaction.callbacks}`}</span>}
                styles={{
                  content: { color: summary.satisfaction.meets_target === false ? '#cf1322' : summary.satisfaction.meets_target ? '#389e0d' : undefined },
                }}
              />
            </Col>
            <Col span={16} style={{ height: 240 }}>
              {satisfaction.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} />
              ) : (
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={satisfaction} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="name" />
                    <YAxis domain={[0, 100]} unit="%" />
                    <Tooltip />
                    <ReferenceLine y={target * 100} stroke="#cf1322" strokeDasharray="4 4" label={t('dashboard.target')} />
                    <Bar dataKey="rate" name={t('dashboard.rate')} isAnimationActive={false}>
                      {satisfaction.map((d) => (
                        <Cell key={d.name} fill={d.rate >= target * 100 ? COLORS.onTime : COLORS.breached} />
                      ))}
                    </Bar>
                  </BarChart>
                </ResponsiveContainer>
              )}
            </Col>
          </Row>
        </Card>
      </Col>
    </Row>
  );
}
