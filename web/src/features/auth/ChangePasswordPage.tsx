// The first screen of a user whose password was not their own choice (generated at the
// first start, or set by an administrator: `password_change_required`). Nothing else of
// the console shows until they choose a new one; signing out is the other way out.

import { LockOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { api, signOut, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { describeError, formFieldErrors } from '../../lib/errors';
import { session, useSession } from '../../lib/session';

interface Passwords {
  current_password: string;
  new_password: string;
  repeat: string;
}

export function ChangePasswordPage() {
  const { t } = useI18n();
  const current = useSession();
  const [form] = Form.useForm<Passwords>();

  const change = useMutation({
    mutationFn: ({ current_password, new_password }: Passwords) =>
      unwrap(api.POST('/api/v1/auth/password', { body: { current_password, new_password } })),
    onSuccess: (res) => {
      session.start({ token: res.access_token, user: res.user, expiresAt: Date.now() + res.expires_in * 1000 });
    },
    onError: (e) => {
      // The API names the new password's field `password` in its refusals.
      const fields = formFieldErrors<Passwords>(e, t, { password: ['new_password'] });
      if (fields.length) form.setFields(fields);
    },
  });
  const fieldErrors = formFieldErrors(change.error, t).length > 0;

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('password.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('password.why', { name: current?.user.display_name ?? '' })}</Typography.Paragraph>
        {change.error && !fieldErrors && (
          <Alert type="error" showIcon role="alert" title={describeError(change.error, t)} style={{ marginBottom: 16 }} />
        )}
        <Form<Passwords> form={form} layout="vertical" onFinish={(v) => change.mutate(v)} requiredMark={false}>
          <Form.Item name="current_password" label={t('password.current')} rules={[{ required: true, message: t('field.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="new_password"
            label={t('password.new')}
            extra={t('password.rules')}
            rules={[
              { required: true, message: t('field.required') },
              { min: 8, message: t('password.tooShort') },
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t('password.repeat')}
            dependencies={['new_password']}
            rules={[
              { required: true, message: t('field.required') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue('new_password') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={change.isPending}>
            {t('password.submit')}
          </Button>
          <Button type="link" block onClick={signOut} style={{ marginTop: 8 }}>
            {t('app.signOut')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
