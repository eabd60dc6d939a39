// The list of tickets every screen shows (queue, inbox, callbacks, dashboard): number,
// state, tier, subject, caller, department and the live clock that matters now. A table on
// screens from 768 px; on phones, one card a ticket with the same parts.

import { Button, Checkbox, ConfigProvider, Grid, List, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnType, ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { Ticket } from '../api/client';
import { leadingClock } from '../lib/clock';
import { AlertTags } from './AlertTags';
import { ClockTag } from './ClockTag';
import { StatusTag, URGENCY_COLOR, useUrgencyLabel } from './Labels';

export interface TicketTableProps {
  tickets: Ticket[] | undefined;
  loading?: boolean;
  atRiskPercent?: number;
  /** Extra columns after the standard ones (on phones: "title: value" lines of the card). */
  extra?: ColumnType<Ticket>[];
  /** The caller's phone in the customer column (default: as the ticket carries it, masked). */
  phone?: (tk: Ticket) => ReactNode;
  /** Columns to leave out. */
  hide?: ('status' | 'owner' | 'department' | 'clock' | 'kind')[];
  pager?: { hasPrev: boolean; hasNext: boolean; onPrev: () => void; onNext: () => void; page: number };
  emptyText?: ReactNode;
  testId?: string;
  /** The row the keyboard highlights (`j` / `k`), by index. */
  highlighted?: number;
  /** Checkboxes for a bulk action: which rows are picked, and which may be. */
  selection?: TicketSelection;
}

export interface TicketSelection {
  picked: string[];
  onChange: (ids: string[]) => void;
  selectable: (tk: Ticket) => boolean;
}

// One line a ticket (about 33 px), so that a 1280×800 screen holds 15 rows and more: the
// tier as "P1" (its words and window on hover), the leading clock with "+n" for the
// others, the subject taking the room left (never under SUBJECT_MIN px), in full on hover.
const SUBJECT_MIN = 260;
const DENSE = { components: { Table: { cellPaddingBlockSM: 5, cellPaddingInlineSM: 8 } } };

export function TicketTable(props: TicketTableProps) {
  const { t } = useI18n();
  const narrow = Grid.useBreakpoint().md === false;
  const { pager } = props;
  return (
    <div data-testid={props.testId}>
      {narrow ? <TicketCards {...props} /> : <DenseTable {...props} />}
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

function DenseTable({ tickets, loading, atRiskPercent, extra = [], hide = [], emptyText, phone, highlighted, selection }: TicketTableProps) {
  const { t } = useI18n();
  const columns: ColumnsType<Ticket> = [
    {
      title: t('ticket.number'),
      dataIndex: 'number',
      width: 128,
      render: (_: string, tk) => <NumberLink ticket={tk} />,
    },
    ...(hide.includes('status')
      ? []
      : [{ title: t('ticket.status'), key: 'status', width: 124, render: (_: unknown, tk: Ticket) => <StatusAndTier ticket={tk} /> }]),
    {
      title: t('ticket.subject'),
      dataIndex: 'subject',
      minWidth: SUBJECT_MIN,
      render: (_: string, tk) => <Subject ticket={tk} showKind={!hide.includes('kind')} />,
    },
    {
      title: t('ticket.customer'),
      key: 'customer',
      width: phone ? 230 : 160,
      ellipsis: !phone,
      render: (_, tk) => <Customer ticket={tk} phone={phone} />,
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
            render: (_: unknown, tk: Ticket) => <Clocks ticket={tk} atRiskPercent={atRiskPercent} />,
          },
        ]),
    ...extra,
  ];
  // Room for every fixed column and a readable subject; narrower screens scroll sideways.
  const minWidth = columns.reduce((sum, c) => sum + (typeof c.width === 'number' && !c.responsive ? c.width : 0), SUBJECT_MIN);
  return (
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
        rowClassName={(_, i) => (i === highlighted ? 'sb-row-highlight' : '')}
        onRow={(tk, i) => ({ 'data-row-index': i, 'data-highlighted': i === highlighted || undefined, 'data-ticket': tk.number }) as object}
        rowSelection={
          selection && {
            selectedRowKeys: selection.picked,
            onChange: (ids) => selection.onChange(ids as string[]),
            getCheckboxProps: (tk) => ({ disabled: !selection.selectable(tk), 'aria-label': tk.number }),
            columnWidth: 36,
          }
        }
      />
    </ConfigProvider>
  );
}

/** Phones: one card a ticket — number, state and tier; the subject on two lines; the customer
 * and department; the clocks; the extra columns as "title: value". */
function TicketCards({ tickets, loading, atRiskPercent, extra = [], hide = [], emptyText, phone, highlighted, selection }: TicketTableProps) {
  const { t } = useI18n();
  return (
    <List<Ticket>
      size="small"
      dataSource={tickets}
      loading={loading}
      locale={emptyText ? { emptyText } : undefined}
      renderItem={(tk, index) => (
        <List.Item
          key={tk.id}
          data-testid="ticket-card"
          data-row-index={index}
          data-highlighted={index === highlighted || undefined}
          className={index === highlighted ? 'sb-row-highlight' : undefined}
          style={{ display: 'block', paddingInline: 0 }}
        >
          <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap size={4}>
            <span>
              {selection && (
                <Checkbox
                  aria-label={tk.number}
                  checked={selection.picked.includes(tk.id)}
                  disabled={!selection.selectable(tk)}
                  onChange={(e) =>
                    selection.onChange(e.target.checked ? [...selection.picked, tk.id] : selection.picked.filter((id) => id !== tk.id))
                  }
                  style={{ marginRight: 8 }}
                />
              )}
              <NumberLink ticket={tk} />
            </span>
            <span>
              <AlertTags ticket={tk} words />
              {!hide.includes('status') && <StatusAndTier ticket={tk} />}
            </span>
          </Space>
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
            <Subject ticket={tk} showKind={!hide.includes('kind')} wrap />
          </Typography.Paragraph>
          <Space size={[8, 4]} wrap>
            <Customer ticket={tk} phone={phone} />
            {!hide.includes('department') && (
              <Typography.Text type="secondary">{tk.department_name ?? t('ticket.callCenterQueue')}</Typography.Text>
            )}
          </Space>
          {!hide.includes('clock') && (
            <div style={{ marginTop: 4 }}>
              <Clocks ticket={tk} atRiskPercent={atRiskPercent} />
            </div>
          )}
          {extra.map((col, i) => {
            const value = col.dataIndex ? (tk as unknown as Record<string, unknown>)[col.dataIndex as string] : undefined;
            return (
              <div key={col.key ?? (typeof col.dataIndex === 'string' ? col.dataIndex : i)} style={{ marginTop: 4 }}>
                <Typography.Text type="secondary">{col.title as ReactNode}: </Typography.Text>
                {col.render ? (col.render(value, tk, index) as ReactNode) : (value as ReactNode)}
              </div>
            );
          })}
        </List.Item>
      )}
    />
  );
}

function NumberLink({ ticket: tk }: { ticket: Ticket }) {
  return (
    <Link to={`/tickets/${tk.id}`} data-ticket-link={tk.number}>
      {tk.number}
    </Link>
  );
}

function StatusAndTier({ ticket: tk }: { ticket: Ticket }) {
  const urgencyLabel = useUrgencyLabel();
  return (
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
  );
}

/** What calls for attention (deadline, escalations, urges: `AlertTags`), the flags (short), the kind and the subject on one line (or wrapping, in a card), and all
 * of it with the description on hover. */
function Subject({ ticket: tk, showKind, wrap = false }: { ticket: Ticket; showKind: boolean; wrap?: boolean }) {
  const { t } = useI18n();
  const flags = (
    <>
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
    </>
  );
  const text = (
    <>
      {showKind && <Typography.Text type="secondary">{t(`kind.${tk.kind}`)} · </Typography.Text>}
      {tk.subject}
    </>
  );
  if (wrap) {
    return (
      <span data-testid="ticket-subject">
        {flags}
        {text}
      </span>
    );
  }
  return (
    <div style={{ display: 'flex', alignItems: 'center', minWidth: 0 }}>
      {/* Outside the subject's tooltip: each alert has its own. */}
      <AlertTags ticket={tk} />
      <Tooltip
        placement="topLeft"
        title={
          <>
            <div>{[tk.incident && t('ticket.incident'), tk.hot && t('ticket.hot'), t(`kind.${tk.kind}`)].filter(Boolean).join(' · ')}</div>
            <strong>{tk.subject}</strong>
            {tk.description && <div style={{ whiteSpace: 'pre-line' }}>{tk.description.slice(0, 300)}</div>}
          </>
        }
      >
        <div style={{ display: 'flex', alignItems: 'center', minWidth: 0 }} data-testid="ticket-subject">
          {flags}
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }}>{text}</span>
        </div>
      </Tooltip>
    </div>
  );
}

function Customer({ ticket: tk, phone }: { ticket: Ticket; phone?: (tk: Ticket) => ReactNode }) {
  return (
    <Space size={6} style={{ whiteSpace: 'nowrap' }}>
      <span>{tk.customer.name}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {phone ? phone(tk) : tk.customer.phone}
      </Typography.Text>
    </Space>
  );
}

/** The clock that matters now; the others (resolution behind a response clock, and the
 * on-site, hot-report and supervision-order clocks while they run) behind "+n". */
function Clocks({ ticket: tk, atRiskPercent }: { ticket: Ticket; atRiskPercent?: number }) {
  const { t } = useI18n();
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
}
