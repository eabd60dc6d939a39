// The actions the API allows the signed-in person on this ticket now (`allowed_actions`),
// each with a small form in a dialog. Refusals from the API are shown in words in the dialog.

import { App, Button, Cascader, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { URGENCIES, type Ticket } from '../../api/client';
import { useDepartments, useRootCauses } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ResponseDue, useUrgencyLabel } from '../../components/Labels';
import { useI18n, type MessageKey } from '../../i18n';
import { formFieldErrors } from '../../lib/errors';
import { causeOptions } from '../../lib/rootCauses';
import { barActions, type BarAction } from './actions';
import { toInput, type DialogAction, type Values } from './actionInput';
import { useTicketAction } from './api';
import { MergeDialog } from './MergeDialog';

const PRIMARY: BarAction[] = ['accept', 'contact', 'resolve', 'callback', 'dispatch'];
const DANGER: BarAction[] = ['return', 'reopen', 'flag_incident', 'flag_hot'];

export function ActionBar({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<BarAction | null>(null);
  const dialogActions = barActions(ticket.allowed_actions);
  if (dialogActions.length === 0) return null;
  return (
    <>
      <Space wrap data-testid="ticket-actions">
        {dialogActions.map((a) => (
          <Button
            key={a}
            type={PRIMARY.includes(a) ? 'primary' : 'default'}
            danger={DANGER.includes(a)}
            onClick={() => setOpen(a)}
            data-action={a}
          >
            {t(`action.${a}`)}
          </Button>
        ))}
      </Space>
      {open === 'merge' && <MergeDialog ticket={ticket} onClose={() => setOpen(null)} />}
      {open && open !== 'merge' && <ActionDialog ticket={ticket} action={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function ActionDialog({ ticket, action, onClose }: { ticket: Ticket; action: DialogAction; onClose: () => void }) {
  const { t } = useI18n();
  const urgencyLabel = useUrgencyLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mutation = useTicketAction(ticket.id);
  const navigate = useNavigate();
  const departments = useDepartments();
  const urgency = Form.useWatch('urgency', form);
  const reached = Form.useWatch('reached', form);
  const rootCauses = useRootCauses();
  const causes = causeOptions(rootCauses.data ?? []);
  const required = { required: true, whitespace: true, message: t('field.required') };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return; // the form shows what is missing
    mutation.mutate(toInput(action, values), {
      onSuccess: () => {
        void message.success(t('action.done', { action: t(`action.${action}`) }));
        onClose();
        // A returned ticket leaves the department (it would be a 404 here): back to the inbox.
        if (action === 'return') void navigate('/inbox', { replace: true });
      },
      onError: (e) => form.setFields(formFieldErrors<Values>(e, t, { root_cause_id: ['root_cause_path'] })),
    });
  };

  const confirmText: Partial<Record<DialogAction, MessageKey>> = {
    accept: 'action.confirmAccept',
    close: 'action.confirmClose',
    overrule: 'action.overruleHint',
    recontact: 'action.recontactHint',
    flag_incident: 'action.incidentHint',
    record_onsite: 'action.onsiteHint',
    flag_hot: 'action.hotHint',
    report_hot: 'action.hotReportHint',
  };
  const confirm = confirmText[action];

  return (
    <Modal
      open
      title={`${t(`action.${action}`)} · ${ticket.number}`}
      okText={t(`action.${action}`)}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'action-submit' }}
    >
      <ErrorAlert error={mutation.error} />
      {confirm && <Typography.Paragraph>{t(confirm)}</Typography.Paragraph>}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ urgency: ticket.urgency ?? 'P3', reached: true }}
        onFinish={() => void submit()}
      >
        {action === 'answer' && (
          <Form.Item name="answer" label={t('form.answer')} rules={[required]}>
            <Input.TextArea autoFocus autoSize={{ minRows: 3 }} maxLength={10000} />
          </Form.Item>
        )}
        {action === 'dispatch' && (
          <>
            <Form.Item name="department_id" label={t('form.department')} rules={[{ required: true, message: t('field.required') }]}>
              <Select
                autoFocus
                showSearch={{ optionFilterProp: 'label' }}
                options={(departments.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
            <Form.Item name="urgency" label={t('form.urgency')} rules={[{ required: true }]} extra={<ResponseDue tier={urgency} />}>
              <Radio.Group optionType="button" options={URGENCIES.map((u) => ({ value: u, label: urgencyLabel(u) }))} />
            </Form.Item>
            <Form.Item name="note" label={t('form.note')}>
              <Input maxLength={2000} />
            </Form.Item>
          </>
        )}
        {(action === 'return' || action === 'reopen' || action === 'overrule' || action === 'flag_hot') && (
          <Form.Item name="reason" label={t('form.reason')} rules={[required]}>
            <Input.TextArea autoFocus autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
        )}
        {(action === 'urge' || action === 'supervise') && (
          <>
            <Typography.Paragraph type="secondary">{t(action === 'urge' ? 'urge.hint' : 'supervise.hint')}</Typography.Paragraph>
            <Form.Item name="note" label={t(action === 'urge' ? 'urge.note' : 'supervise.note')} rules={[required]}>
              <Input.TextArea autoFocus autoSize={{ minRows: 2 }} maxLength={2000} />
            </Form.Item>
            {action === 'supervise' && (
              <Form.Item name="due_at" label={t('supervise.dueAt')} rules={[{ required: true, message: t('field.required') }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
            )}
          </>
        )}
        {action === 'report_hot' && (
          <Form.Item name="note" label={t('form.hotReportNote')} rules={[required]}>
            <Input.TextArea autoFocus autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
        )}
        {(action === 'contact' || action === 'close' || action === 'recontact' || action === 'flag_incident' || action === 'record_onsite') && (
          <Form.Item name="note" label={action === 'contact' ? t('action.contactNote') : t('form.note')}>
            <Input.TextArea autoFocus autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
        )}
        {action === 'request_extension' && (
          <>
            <Form.Item name="new_due_at" label={t('form.newDueAt')} rules={[{ required: true, message: t('field.required') }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" autoFocus style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="reason" label={t('form.reason')} rules={[required]}>
              <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
            </Form.Item>
            <Form.Item
              name="customer_agreed"
              valuePropName="checked"
              rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('field.agree the new time with the customer before asking')))) }]}
            >
              <Checkbox>{t('form.customerAgreed')}</Checkbox>
            </Form.Item>
          </>
        )}
        {action === 'resolve' && (
          <>
            <Form.Item name="resolution" label={t('form.resolution')} rules={[required]}>
              <Input.TextArea autoFocus autoSize={{ minRows: 3 }} maxLength={10000} />
            </Form.Item>
            {rootCauses.isLoading ? null : causes.length > 0 ? (
              <Form.Item
                name="root_cause_path"
                label={t('form.rootCauseFromList')}
                extra={t('form.rootCauseListHelp')}
                rules={ticket.kind === 'complaint' ? [{ required: true, message: t('field.required') }] : []}
              >
                <Cascader
                  options={causes}
                  showSearch
                  expandTrigger="hover"
                  placeholder={t('form.rootCauseFromList')}
                  displayRender={(labels) => labels.join(' / ')}
                  data-testid="root-cause-cascader"
                />
              </Form.Item>
            ) : (
              <Form.Item
                name="root_cause"
                label={t('form.rootCause')}
                extra={t('form.rootCauseHelp')}
                rules={ticket.kind === 'complaint' ? [required] : []}
              >
                <Input maxLength={200} />
              </Form.Item>
            )}
          </>
        )}
        {action === 'callback' && (
          <>
            <Form.Item name="reached" label={t('form.reached')} valuePropName="checked">
              <Switch autoFocus />
            </Form.Item>
            {reached && (
              <Form.Item name="satisfaction" label={t('form.satisfaction')} rules={[{ required: true, message: t('field.is required when the customer was reached') }]}>
                <Radio.Group
                  options={(['satisfied', 'neutral', 'dissatisfied'] as const).map((s) => ({ value: s, label: t(`satisfaction.${s}`) }))}
                />
              </Form.Item>
            )}
            <Form.Item name="comment" label={t('form.callbackComment')}>
              <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {/* Enter in a single-line field submits the dialog. */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
