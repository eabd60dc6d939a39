import { Button, Result } from 'antd';
import { Link, Navigate } from 'react-router';
import { useI18n } from '../i18n';
import { homeFor } from '../lib/roles';
import { useSession } from '../lib/session';

export function HomeRedirect() {
  const s = useSession();
  return <Navigate to={s ? homeFor(s.user.role) : '/login'} replace />;
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.home')}</Button>
        </Link>
      }
    />
  );
}
