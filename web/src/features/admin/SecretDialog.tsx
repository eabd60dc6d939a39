// The one dialog that shows a secret the API gives once (an API token, a webhook's signing
// key): a warning, the secret with a copy button, how to use it, and a close that only a
// deliberate click does. The secret lives in the caller's state for as long as this is open.

import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';

export const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' };

export interface SecretDialogProps {
  title: ReactNode;
  /** Why it must be copied now. */
  warning: ReactNode;
  secret: string;
  /** `data-testid` of the secret; its close button gets `${testId}-done`. */
  testId: string;
  onClose: () => void;
  /** How to use it. */
  children?: ReactNode;
}

export function SecretDialog({ title, warning, secret, testId, onClose, children }: SecretDialogProps) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      // Only a deliberate close: a stray click or Escape would lose the secret for good.
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      width={660}
      footer={
        <Button type="primary" onClick={onClose} data-testid={`${testId}-done`}>
          {t('admin.secret.done')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={warning} style={{ marginBottom: 16 }} />
      <Typography.Paragraph
        copyable={{
          text: secret,
          icon: [
            <Space key="copy" size={4}>
              <CopyOutlined />
              {t('admin.secret.copy')}
            </Space>,
            <Space key="copied" size={4}>
              <CheckOutlined />
              {t('admin.secret.copied')}
            </Space>,
          ],
          tooltips: false,
        }}
        style={{ ...MONO, fontSize: 15, wordBreak: 'break-all', padding: '8px 12px', background: 'rgba(0, 0, 0, 0.04)', borderRadius: 6 }}
      >
        <span data-testid={testId}>{secret}</span>
      </Typography.Paragraph>
      {children}
    </Modal>
  );
}
