// A customer's phone number as every ticket shows it, masked (`138****5678`), with "Show
// number" when the ticket allows it (`reveal_phone` in its `allowed_actions`). The API
// records who revealed it, and why (`note`), on the ticket's history. The call center
// reveals in one click (the callback worklist sends "callback" as the reason); department
// staff must give a short reason, asked for in a small dialog with the usual ones a tap
// away. The full number then shows as a `tel:` link big enough to tap on a phone, and to
// copy. It is kept only while this component lives: "Hide" forgets it, and showing it again
// is a new reveal on the record.

import { EyeInvisibleOutlined, EyeOutlined, PhoneOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useRevealPhone } from '../api/queries';
import { useI18n } from '../i18n';
import { describeError, formFieldErrors } from '../lib/errors';
import { telHref } from '../lib/phone';

export interface PhoneRevealProps {
  ticketId: string;
  /** The number as the ticket carries it: masked. */
  masked: string;
  /** Whether the API allows the signed-in person to reveal it: `reveal_phone` in the ticket's `allowed_actions`. */
  canReveal: boolean;
  /** Whether the reveal asks for a reason first (`revealNeedsReason` in lib/roles.ts: department staff). */
  needsReason?: boolean;
  /** Why the number is needed, recorded with the reveal (when no reason is asked for). */
  note?: string | null;
  /** Number and button one above the other, for a table cell. */
  stacked?: boolean;
}

export function PhoneReveal({ ticketId, masked, canReveal, needsReason = false, note = null, stacked = false }: PhoneRevealProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const reveal = useRevealPhone(ticketId);
  const [phone, setPhone] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const layout = stacked ? ('vertical' as const) : ('horizontal' as const);

  if (phone) {
    return (
      <Space size={4} wrap align="center" data-phone-revealed="yes">
        {/* The number is the link: one tap dials it (44 px high, a finger's width). */}
        <Button
          href={telHref(phone)}
          icon={<PhoneOutlined />}
          size="large"
          style={{ minHeight: 44, fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}
          aria-label={`${t('phone.call')} ${phone}`}
          data-testid="call-phone"
        >
          <span data-testid="customer-phone">{phone}</span>
        </Button>
        <Typography.Text copyable={{ text: phone, tooltips: [t('phone.copy'), t('phone.copied')] }} />
        <Tooltip title={t('phone.hide')}>
          <Button
            type="text"
            icon={<EyeInvisibleOutlined />}
            aria-label={t('phone.hide')}
            onClick={() => {
              setPhone(null);
              reveal.reset();
            }}
            data-testid="hide-phone"
          />
        </Tooltip>
      </Space>
    );
  }
  const send = (why: string | null) =>
    reveal.mutateAsync(why).then((p) => {
      setPhone(p);
      setAsking(false);
    });
  return (
    <Space orientation={layout} size={stacked ? 0 : 4} align={stacked ? 'start' : 'center'} wrap={!stacked} data-phone-revealed="no">
      <span data-testid="customer-phone" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {masked}
      </span>
      {canReveal && (
        <Tooltip title={t('phone.revealHint')}>
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            loading={reveal.isPending && !asking}
            style={{ paddingInline: 0 }}
            onClick={() => {
              if (needsReason) setAsking(true);
              else send(note).catch((e: unknown) => void message.error(describeError(e, t)));
            }}
            data-testid="reveal-phone"
          >
            {t('phone.reveal')}
          </Button>
        </Tooltip>
      )}
      {asking && <ReasonDialog onCancel={() => setAsking(false)} onReveal={send} />}
    </Space>
  );
}

/** "Why do you need the number?": required, with the usual reasons one tap away. */
function ReasonDialog({ onCancel, onReveal }: { onCancel: () => void; onReveal: (reason: string) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ note: string }>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    // An empty reason: the field says so (the rejection carries nothing more to show).
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const { note } = values;
    setPending(true);
    setError(null);
    try {
      await onReveal(note.trim());
    } catch (e) {
      const fields = formFieldErrors<{ note: string }>(e, t);
      if (fields.length) form.setFields(fields);
      else setError(describeError(e, t));
      setPending(false);
    }
  };
  const suggestions = [t('phone.reasonCallBack'), t('phone.reasonVisit')];
  return (
    <Modal
      open
      title={t('phone.reasonTitle')}
      okText={t('phone.reveal')}
      onOk={() => void submit()}
      onCancel={onCancel}
      confirmLoading={pending}
      okButtonProps={{ 'data-testid': 'reveal-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <Form.Item
          name="note"
          label={t('phone.reason')}
          extra={t('phone.revealHint')}
          rules={[{ required: true, whitespace: true, message: t('phone.reasonRequired') }]}
        >
          <Input autoFocus maxLength={200} placeholder={suggestions.join(' / ')} data-testid="reveal-reason" />
        </Form.Item>
        <Space size={[6, 6]} wrap>
          {suggestions.map((s) => (
            <Tag.CheckableTag
              key={s}
              checked={false}
              onChange={() => form.setFieldsValue({ note: s })}
              style={{ padding: '4px 10px', border: '1px solid #d9d9d9' }}
            >
              {s}
            </Tag.CheckableTag>
          ))}
        </Space>
        {error && (
          <Typography.Text type="danger" style={{ display: 'block', marginTop: 8 }} role="alert">
            {error}
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
