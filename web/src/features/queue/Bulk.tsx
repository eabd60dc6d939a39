// Bulk urge (催办) and re-dispatch (派单) for supervisors: pick the action, then the tickets
// whose `allowed_actions` list it (the others' boxes are off), then one request per ticket.
// The summary says what was done and what the API refused, with its reason by code.

import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, List, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, unwrap, URGENCIES, type Ticket, type Urgency } from '../../api/client';
import { keys } from '../../api/keys';
import { useDepartments } from '../../api/queries';
import { useUrgencyLabel } from '../../components/Labels';
import type { TicketSelection } from '../../components/TicketTable';
import { useI18n } from '../../i18n';
import { describeError } from '../../lib/errors';

export type BulkAction = 'urge' | 'dispatch';

interface Outcome {
  ticket: Ticket;
  error?: unknown;
}

/** The bulk state of a list: which action, which tickets picked. */
export function useBulk(tickets: Ticket[] | undefined) {
  const [action, setAction] = useState<BulkAction | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const selectable = (tk: Ticket) => !!action && tk.allowed_actions.includes(action);
  // Only what is on screen and still allows the action counts (a refresh may change both).
  const chosen = (tickets ?? []).filter((tk) => picked.includes(tk.id) && selectable(tk));
  const selection: TicketSelection | undefined = action
    ? { picked: chosen.map((tk) => tk.id), onChange: setPicked, selectable }
    : undefined;
  const start = (a: BulkAction | null) => {
    setAction(a);
    setPicked([]);
  };
  return { action, chosen, selection, start };
}

export function BulkBar({ bulk }: { bulk: ReturnType<typeof useBulk> }) {
  const { t } = useI18n();
  // The tickets as picked when the dialog opened: a refresh meanwhile changes nothing of it.
  const [open, setOpen] = useState<Ticket[] | null>(null);
  const { action, chosen } = bulk;
  return (
    <Space wrap size={[8, 4]} data-testid="bulk-bar" style={{ marginBottom: 8 }}>
      {!action ? (
        <>
          <Typography.Text type="secondary">{t('bulk.title')}:</Typography.Text>
          <Button size="small" onClick={() => bulk.start('urge')} data-testid="bulk-urge">
            {t('bulk.pickToUrge')}
          </Button>
          <Button size="small" onClick={() => bulk.start('dispatch')} data-testid="bulk-dispatch">
            {t('bulk.pickToDispatch')}
          </Button>
        </>
      ) : (
        <>
          <Typography.Text data-testid="bulk-count">{t('bulk.picked', { count: chosen.length })}</Typography.Text>
          <Button size="small" type="primary" disabled={chosen.length === 0} onClick={() => setOpen(chosen)} data-testid="bulk-go">
            {action === 'urge' ? t('bulk.urge', { count: chosen.length }) : t('bulk.dispatch', { count: chosen.length })}
          </Button>
          <Button size="small" onClick={() => bulk.start(null)}>
            {t('app.cancel')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {action === 'urge' ? t('bulk.onlyUrgeable') : t('bulk.onlyDispatchable')}
          </Typography.Text>
        </>
      )}
      {open && action && (
        <BulkDialog
          action={action}
          tickets={open}
          onClose={(finished) => {
            setOpen(null);
            if (finished) bulk.start(null);
          }}
        />
      )}
    </Space>
  );
}

interface Values {
  note?: string;
  department_id?: string;
  urgency?: Urgency;
}

function BulkDialog({ action, tickets, onClose }: { action: BulkAction; tickets: Ticket[]; onClose: (finished: boolean) => void }) {
  const { t } = useI18n();
  const urgencyLabel = useUrgencyLabel();
  const departments = useDepartments();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [running, setRunning] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);

  const run = async (v: Values) => {
    setRunning(true);
    const done: Outcome[] = [];
    // One after another: each is its own request and its own answer.
    for (const ticket of tickets) {
      const path = { params: { path: { id: ticket.id } } };
      try {
        if (action === 'urge') {
          await unwrap(api.POST('/api/v1/tickets/{id}/urge', { ...path, body: { note: v.note?.trim() ?? '' } }));
        } else {
          await unwrap(
            api.POST('/api/v1/tickets/{id}/dispatch', {
              ...path,
              body: { department_id: v.department_id!, urgency: v.urgency!, note: v.note?.trim() || null },
            }),
          );
        }
        done.push({ ticket });
      } catch (error) {
        done.push({ ticket, error });
      }
    }
    setOutcomes(done);
    setRunning(false);
    void queryClient.invalidateQueries({ queryKey: keys.tickets });
  };

  if (outcomes) {
    const ok = outcomes.filter((o) => !o.error);
    const refused = outcomes.filter((o) => o.error);
    return (
      <Modal
        open
        title={action === 'urge' ? t('bulk.urgeTitle') : t('bulk.dispatchTitle')}
        onCancel={() => onClose(true)}
        footer={<Button type="primary" onClick={() => onClose(true)}>{t('app.close')}</Button>}
      >
        <div data-testid="bulk-result">
          <Alert
            type={refused.length ? 'warning' : 'success'}
            showIcon
            title={t('bulk.summary', { done: ok.length, refused: refused.length })}
            style={{ marginBottom: 12 }}
          />
          {ok.length > 0 && (
            <Typography.Paragraph>
              {t('bulk.done')}: {ok.map((o) => o.ticket.number).join(', ')}
            </Typography.Paragraph>
          )}
          {refused.length > 0 && (
            <List
              size="small"
              header={t('bulk.refused')}
              dataSource={refused}
              renderItem={(o) => (
                <List.Item data-refused={o.ticket.number}>
                  <Typography.Text strong>{o.ticket.number}</Typography.Text>: {describeError(o.error, t)}
                </List.Item>
              )}
            />
          )}
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      open
      title={action === 'urge' ? t('bulk.urgeTitle') : t('bulk.dispatchTitle')}
      okText={action === 'urge' ? t('bulk.urge', { count: tickets.length }) : t('bulk.dispatch', { count: tickets.length })}
      cancelText={t('app.cancel')}
      onOk={() => form.submit()}
      onCancel={() => !running && onClose(false)}
      confirmLoading={running}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{tickets.map((tk) => tk.number).join(', ')}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void run(v)}>
        {action === 'dispatch' && (
          <>
            <Form.Item name="department_id" label={t('ticket.department')} rules={[{ required: true, message: t('field.required') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={(departments.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
            <Form.Item name="urgency" label={t('ticket.urgency')} rules={[{ required: true, message: t('field.required') }]}>
              <Select options={URGENCIES.map((u) => ({ value: u, label: urgencyLabel(u) }))} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="note"
          label={action === 'urge' ? t('urge.note') : t('bulk.dispatchNote')}
          rules={action === 'urge' ? [{ required: true, whitespace: true, message: t('field.required') }] : []}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
