import { Alert, Button } from 'antd';
import { useI18n } from '../i18n';
import { ApiError } from '../api/client';
import { describeError, describeFieldMessage } from '../lib/errors';

/** A failed request, in words; with a retry button when the caller can retry. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={describeError(error, t)}
      description={
        error instanceof ApiError && Object.keys(error.fieldErrors).length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {Object.entries(error.fieldErrors).map(([field, messages]) => (
              <li key={field}>
                {field}: {messages.map((m) => describeFieldMessage(m, t)).join(' ')}
              </li>
            ))}
          </ul>
        ) : undefined
      }
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('app.retry')}</Button> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
