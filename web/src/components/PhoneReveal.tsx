// A customer's phone number as every ticket shows it, masked (`138****5678`), with "Show
// number" for the roles that may reveal it. One click reveals it: the API records who did,
// and why (`note`, e.g. "callback"), on the ticket's history; the full number then shows,
// to copy or to dial. It is kept only while this component lives: "Hide" forgets it, and
// showing it again is a new reveal on the record.

import { EyeInvisibleOutlined, EyeOutlined, PhoneOutlined } from '@ant-design/icons';
import { App, Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useRevealPhone } from '../api/queries';
import { useI18n } from '../i18n';
import { describeError } from '../lib/errors';
import { telHref } from '../lib/phone';

export interface PhoneRevealProps {
  ticketId: string;
  /** The number as the ticket carries it: masked. */
  masked: string;
  /** Whether the signed-in role may reveal it (`mayRevealPhone`). */
  canReveal: boolean;
  /** Why the number is needed, recorded with the reveal. */
  note?: string | null;
  /** Number and button one above the other, for a table cell. */
  stacked?: boolean;
}

export function PhoneReveal({ ticketId, masked, canReveal, note = null, stacked = false }: PhoneRevealProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const reveal = useRevealPhone(ticketId);
  const [phone, setPhone] = useState<string | null>(null);
  const layout = stacked ? ('vertical' as const) : ('horizontal' as const);

  if (phone) {
    return (
      <Space size={2} wrap align="center" data-phone-revealed="yes">
        <Typography.Text copyable={{ text: phone }} strong>
          <span data-testid="customer-phone">{phone}</span>
        </Typography.Text>
        <Tooltip title={t('phone.call')}>
          <Button size="small" type="text" href={telHref(phone)} icon={<PhoneOutlined />} aria-label={t('phone.call')} data-testid="call-phone" />
        </Tooltip>
        <Tooltip title={t('phone.hide')}>
          <Button
            size="small"
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
            loading={reveal.isPending}
            style={{ paddingInline: 0 }}
            onClick={() =>
              reveal.mutate(note, {
                onSuccess: setPhone,
                onError: (e) => void message.error(describeError(e, t)),
              })
            }
            data-testid="reveal-phone"
          >
            {t('phone.reveal')}
          </Button>
        </Tooltip>
      )}
    </Space>
  );
}
