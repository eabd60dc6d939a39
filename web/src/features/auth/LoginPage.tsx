// Sign in. After a 401 the user lands here with `?next=` and returns there afterwards.

import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client';
import { useI18n, type Locale } from '../../i18n';
import { describeError } from '../../lib/errors';
import { homeFor } from '../../lib/roles';
import { session, useSession } from '../../lib/session';

interface Credentials {
  username: string;
  password: string;
}

/** Only paths inside the console are followed after sign-in. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const current = useSession();
  const queryClient = useQueryClient();
  const next = safeNext(params.get('next'));

  const login = useMutation({
    mutationFn: (c: Credentials) => unwrap(api.POST('/api/v1/auth/login', { body: c })),
    onSuccess: (res) => {
      queryClient.clear();
      session.start({ token: res.access_token, user: res.user, expiresAt: Date.now() + res.expires_in * 1000 });
      void navigate(next ?? homeFor(res.user.role), { replace: true });
    },
  });

  if (current && !login.isSuccess) return <Navigate to={next ?? homeFor(current.user.role)} replace />;

  const error =
    login.error instanceof ApiError && login.error.status === 401 ? t('error.login_failed') : login.error ? describeError(login.error, t) : null;

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Segmented<Locale>
            size="small"
            aria-label={t('app.language')}
            value={locale}
            onChange={setLocale}
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'EN', value: 'en-US' },
            ]}
          />
        </div>
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        {session.wasExpired() && !error && <Alert type="warning" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
        <Form<Credentials> layout="vertical" onFinish={(v) => login.mutate(v)} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('field.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('field.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
