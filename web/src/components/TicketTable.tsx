// The list of tickets every screen shows (queue, inbox, callbacks, dashboard): number,
// state, tier, subject, caller, department and the live clock that matters now.

import { Button, ConfigProvider, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { Ticket } from '../api/client';
import { leadingClock } from '../lib/clock';
import { ClockTag } from './ClockTag';
import { StatusTag, URGENCY_COLOR, useUrgencyLabel } from './Labels';

export interface TicketTableProps {
  tickets: Ticket[] | undefined;
  loading?: boolean;
  atRiskPercent?: number;
  /** Extra columns after the standard ones. */
  extra?: ColumnsType<Ticket>;
  /** The caller's phone in the customer column (default: as the ticket carries it, masked). */
  phone?: (tk: Ticket) => ReactNode;
  /** Columns to leave out. */
  hide?: ('status' | 'owner' | 'department' | 'clock' | 'kind')[];
  pager?: { hasPrev: boolean; hasNext: boolean; onPrev: () => void; onNext: () => void; page: number };
  emptyText?: ReactNode;
  testId?: string;
}

// One line a ticket (about 33 px), so that a 1280×800 screen holds 15 rows and more: the
// tier as "P1" (its words and window on hover), the leading clock with "+n" for the
// others, the subject taking the room left (never under SUBJECT_MIN px), in full on hover.
const SUBJECT_MIN = 260;
const DENSE = { components: { Table: { cellPaddingBlockSM: 5, cellPaddingInlineSM: 8 } } };

export function TicketTable({ tickets, loading, atRiskPercent, extra = [], hide = [], pager, emptyText, testId, phone }: TicketTableProps) {
  const { t } = useI18n();
  const urgencyLabel = useUrgencyLabel();
  const columns: ColumnsType<Ticket> = [
    {
      title: t('ticket.number'),
      dataIndex: 'number',
      width: 128,
      render: (number: string, tk) => (
        <Link to={`/tickets/${tk.id}`} data-ticket-link={tk.number}>
          {number}
        </Link>
      ),
    },
    ...(hide.includes('status')
      ? []
      : [
          {
            title: t('ticket.status'),
            key: 'status',
            width: 124,
            render: (_: unknown, tk: Ticket) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                <StatusTag status={tk.status} />
                {tk.urgency && (
                  <Tooltip title={urgencyLabel(tk.urgency)}>
                    <Tag color={URGENCY_COLOR[tk.urgency]} data-urgency={tk.urgency}>
                      {tk.urgency}
                    </Tag>
                  </Tooltip>
                )}
              </span>
            ),
          },
        ]),
    {
      title: t('ticket.subject'),
      dataIndex: 'subject',
      minWidth: SUBJECT_MIN,
      render: (s: string, tk) => (
        <Tooltip
          placement="topLeft"
          title={
            <>
              <div>{[tk.incident && t('ticket.incident'), tk.hot && t('ticket.hot'), t(`kind.${tk.kind}`)].filter(Boolean).join(' · ')}</div>
              <strong>{s}</strong>
              {tk.description && <div style={{ whiteSpace: 'pre-line' }}>{tk.description.slice(0, 300)}</div>}
            </>
          }
        >
          <div style={{ display: 'flex', alignItems: 'center', minWidth: 0 }} data-testid="ticket-subject">
            {tk.incident && (
              <Tag color="red" data-flag="incident" style={{ flex: 'none' }}>
                {t('ticket.incidentShort')}
              </Tag>
            )}
            {tk.hot && (
              <Tag color="volcano" data-flag="hot" style={{ flex: 'none' }}>
                {t('ticket.hotShort')}
              </Tag>
            )}
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }}>
              {!hide.includes('kind') && <Typography.Text type="secondary">{t(`kind.${tk.kind}`)} · </Typography.Text>}
              {s}
            </span>
          </div>
        </Tooltip>
      ),
    },
    {
      title: t('ticket.customer'),
      key: 'customer',
      width: phone ? 230 : 160,
      ellipsis: !phone,
      render: (_, tk) => (
        <Space size={6} style={{ whiteSpace: 'nowrap' }}>
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
            width: 120,
            ellipsis: true,
            render: (_: unknown, tk: Ticket) => tk.department_name ?? t('ticket.callCenterQueue'),
          },
        ]),
    ...(hide.includes('owner')
      ? []
      : // The first-contact owner where there is room for it (and always on the ticket).
        [{ title: t('ticket.owner'), dataIndex: 'owner_name', width: 110, ellipsis: true, responsive: ['xxl' as const] }]),
    ...(hide.includes('clock')
      ? []
      : [
          {
            title: t('ticket.nextDue'),
            key: 'clock',
            width: 190,
            // The clock that matters now; the others (resolution behind a response clock, and the
            // on-site, hot-report and supervision-order clocks while they run) behind "+n".
            render: (_: unknown, tk: Ticket) => {
              const lead = leadingClock(tk.clocks);
              const other = lead.name === 'response' ? [{ name: 'resolution' as const, clock: tk.clocks.resolution }] : [];
              const extraClocks = (['onsite', 'hot_report', 'supervision'] as const).flatMap((name) => {
                const c = tk.clocks[name];
                return c && !c.met_at && c.state !== 'stopped' ? [{ name, clock: c }] : [];
              });
              const rest = [...other, ...extraClocks];
              return (
                <span style={{ whiteSpace: 'nowrap' }}>
                  <ClockTag clock={lead.clock} atRiskPercent={atRiskPercent} label={t(`clock.${lead.name}`)} />
                  {rest.length > 0 && (
                    <Tooltip
                      title={
                        <Space orientation="vertical" size={4}>
                          {rest.map((c) => (
                            <ClockTag key={c.name} clock={c.clock} atRiskPercent={atRiskPercent} label={t(`clock.${c.name}`)} />
                          ))}
                        </Space>
                      }
                    >
                      <Tag data-more-clocks={rest.map((c) => c.name).join(' ')} tabIndex={0}>
                        +{rest.length}
                      </Tag>
                    </Tooltip>
                  )}
                </span>
              );
            },
          },
        ]),
    ...extra,
  ];
  // Room for every fixed column and a readable subject; narrower screens scroll sideways.
  const minWidth = columns.reduce((sum, c) => sum + (typeof c.width === 'number' && !c.responsive ? c.width : 0), SUBJECT_MIN);
  return (
    <div data-testid={testId}>
      <ConfigProvider theme={DENSE}>
        <Table<Ticket>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={tickets}
          loading={loading}
          pagination={false}
          locale={emptyText ? { emptyText } : undefined}
          scroll={{ x: minWidth }}
        />
      </ConfigProvider>
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
