import { Alert, Button } from 'antd';
import { useI18n } from '../i18n';
import { ApiError } from '../api/client';
import { describeError, describeFieldMessage, fieldLabel } from '../lib/errors';

/** A failed request, in words; with a retry button when the caller can retry. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const fields = error instanceof ApiError ? Object.entries(error.fieldErrors) : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      // The fields are listed below, each by its label: the title need not name them.
      title={fields.length > 0 ? t('error.validation_failed') : describeError(error, t)}
      description={
        fields.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {fields.map(([field, messages]) => (
              <li key={field}>
                {fieldLabel(field, t)}: {messages.map((m) => describeFieldMessage(m, t)).join(' ')}
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
