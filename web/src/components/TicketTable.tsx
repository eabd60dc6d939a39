// The list of tickets every screen shows (queue, inbox, callbacks, dashboard): number,
// state, tier, subject, caller, department and the live clock that matters now.

import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { Ticket } from '../api/client';
import { leadingClock } from '../lib/clock';
import { ClockTag } from './ClockTag';
import { StatusTag, UrgencyTag } from './Labels';

export interface TicketTableProps {
  tickets: Ticket[] | undefined;
  loading?: boolean;
  atRiskPercent?: number;
  /** Extra columns after the standard ones. */
  extra?: ColumnsType<Ticket>;
  /** The caller's phone in the customer column (default: as the ticket carries it, masked). */
  phone?: (tk: Ticket) => ReactNode;
  /** Columns to leave out. */
  hide?: ('owner' | 'department' | 'clock' | 'kind')[];
  pager?: { hasPrev: boolean; hasNext: boolean; onPrev: () => void; onNext: () => void; page: number };
  emptyText?: ReactNode;
  testId?: string;
}

export function TicketTable({ tickets, loading, atRiskPercent, extra = [], hide = [], pager, emptyText, testId, phone }: TicketTableProps) {
  const { t } = useI18n();
  const columns: ColumnsType<Ticket> = [
    {
      title: t('ticket.number'),
      dataIndex: 'number',
      width: 140,
      render: (number: string, tk) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/tickets/${tk.id}`} data-ticket-link={tk.number}>
            {number}
          </Link>
          {!hide.includes('kind') && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`kind.${tk.kind}`)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('ticket.status'),
      key: 'status',
      width: 120,
      render: (_, tk) => (
        <Space orientation="vertical" size={4}>
          <StatusTag status={tk.status} />
          {tk.urgency && <UrgencyTag urgency={tk.urgency} />}
        </Space>
      ),
    },
    {
      title: t('ticket.subject'),
      dataIndex: 'subject',
      ellipsis: { showTitle: false },
      render: (s: string, tk) => (
        <Tooltip title={tk.description || s} placement="topLeft">
          {tk.incident && (
            <Tag color="red" data-flag="incident">
              {t('ticket.incident')}
            </Tag>
          )}
          {tk.hot && (
            <Tag color="volcano" data-flag="hot">
              {t('ticket.hot')}
            </Tag>
          )}
          {s}
        </Tooltip>
      ),
    },
    {
      title: t('ticket.customer'),
      key: 'customer',
      width: phone ? 190 : 140,
      render: (_, tk) => (
        <Space orientation="vertical" size={0}>
          <span>{tk.customer.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {phone ? phone(tk) : tk.customer.phone}
          </Typography.Text>
        </Space>
      ),
    },
    ...(hide.includes('department')
      ? []
      : [
          {
            title: t('ticket.department'),
            key: 'department',
            width: 130,
            ellipsis: true,
            render: (_: unknown, tk: Ticket) => tk.department_name ?? t('ticket.callCenterQueue'),
          },
        ]),
    ...(hide.includes('owner')
      ? []
      : [{ title: t('ticket.owner'), dataIndex: 'owner_name', width: 100, ellipsis: true }]),
    ...(hide.includes('clock')
      ? []
      : [
          {
            title: t('ticket.nextDue'),
            key: 'clock',
            width: 190,
            // Every clock of the ticket, the one that matters now first.
            render: (_: unknown, tk: Ticket) => {
              const lead = leadingClock(tk.clocks);
              const other = lead.name === 'response' ? { name: 'resolution' as const, clock: tk.clocks.resolution } : null;
              // The on-site, hot-report and supervision-order clocks, while they run.
              const extraClocks = (['onsite', 'hot_report', 'supervision'] as const).flatMap((name) => {
                const c = tk.clocks[name];
                return c && !c.met_at && c.state !== 'stopped' ? [{ name, clock: c }] : [];
              });
              return (
                <Space orientation="vertical" size={4}>
                  {[lead, other, ...extraClocks].map(
                    (c) => c && <ClockTag key={c.name} clock={c.clock} atRiskPercent={atRiskPercent} label={t(`clock.${c.name}`)} />,
                  )}
                </Space>
              );
            },
          },
        ]),
    ...extra,
  ];
  return (
    <div data-testid={testId}>
      <Table<Ticket>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tickets}
        loading={loading}
        pagination={false}
        locale={emptyText ? { emptyText } : undefined}
        scroll={{ x: 960 }}
      />
      {pager && (pager.hasPrev || pager.hasNext) && (
        <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={pager.onPrev} disabled={!pager.hasPrev}>
            {t('app.prev')}
          </Button>
          <span>{pager.page}</span>
          <Button onClick={pager.onNext} disabled={!pager.hasNext}>
            {t('app.next')}
          </Button>
        </Space>
      )}
    </div>
  );
}
