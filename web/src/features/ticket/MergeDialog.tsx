// Merge this ticket as a duplicate into a main ticket (重复投诉): the main ticket is picked
// from the caller's other tickets, or found by its number. The main ticket then counts the
// complainants and contacts; this one is kept, `merged`, pointing at it.

import { App, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Ticket } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StatusTag } from '../../components/Labels';
import { useI18n } from '../../i18n';
import { describeError, formFieldErrors } from '../../lib/errors';
import { canBeMain } from './actions';
import { findTickets, useDuplicates, useTicketAction } from './api';

export function MergeDialog({ ticket, initialInto, onClose }: { ticket: Ticket; initialInto?: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ into?: string }>();
  const duplicates = useDuplicates(ticket.id, true);
  const mutation = useTicketAction(ticket.id);
  const [found, setFound] = useState<Ticket[]>([]);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);
  const into = Form.useWatch('into', form) ?? initialInto;

  const candidates = new Map<string, Ticket>();
  for (const tk of [...(duplicates.data ?? []), ...found]) {
    if (tk.id !== ticket.id && canBeMain(tk)) candidates.set(tk.id, tk);
  }
  const main = into ? candidates.get(into) : undefined;

  const search = async (raw: string) => {
    const q = raw.trim();
    if (!q) return;
    setSearching(true);
    setSearchError(null);
    try {
      const items = await findTickets(q);
      setFound(items);
      const exact = items.find((tk) => tk.number === q && tk.id !== ticket.id);
      if (exact) form.setFieldValue('into', exact.id);
      else if (items.filter((tk) => tk.id !== ticket.id).length === 0) setSearchError(t('merge.noneFound', { q }));
    } catch (e) {
      setSearchError(describeError(e, t));
    } finally {
      setSearching(false);
    }
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values?.into) return;
    mutation.mutate(
      { action: 'merge', into: values.into },
      {
        onSuccess: (mainTicket) => {
          const m = mainTicket as Ticket;
          void message.success(t('merge.done', { number: ticket.number, main: m.number }));
          onClose();
          void navigate(`/tickets/${m.id}`);
        },
        onError: (e) => form.setFields(formFieldErrors(e, t)),
      },
    );
  };

  return (
    <Modal
      open
      title={`${t('action.merge')} · ${ticket.number}`}
      okText={t('action.merge')}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'merge-submit', disabled: !into }}
      destroyOnHidden
    >
      <ErrorAlert error={mutation.error ?? duplicates.error} />
      <Typography.Paragraph type="secondary">{t('merge.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ into: initialInto }}>
        <Form.Item label={t('merge.findByNumber')} help={searchError ?? undefined} validateStatus={searchError ? 'warning' : undefined}>
          <Input.Search
            placeholder="20261122-0007"
            loading={searching}
            onSearch={(v) => void search(v)}
            enterButton
            data-testid="merge-search"
          />
        </Form.Item>
        <Form.Item name="into" label={t('merge.into')} rules={[{ required: true, message: t('field.required') }]}>
          <Select
            data-testid="merge-into"
            loading={duplicates.isLoading}
            notFoundContent={t('ticket.noDuplicates')}
            options={[...candidates.values()].map((tk) => ({
              value: tk.id,
              label: (
                <Space>
                  <span>{tk.number}</span>
                  <StatusTag status={tk.status} />
                  <span>{tk.subject}</span>
                </Space>
              ),
            }))}
          />
        </Form.Item>
      </Form>
      {main && <Typography.Paragraph data-testid="merge-confirm">{t('merge.confirm', { number: ticket.number, main: main.number })}</Typography.Paragraph>}
    </Modal>
  );
}
