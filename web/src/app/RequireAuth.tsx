// Routes declare the roles that may open them. Without a session the user goes to sign
// in, with the page they wanted kept in `?next=`, and comes back to it afterwards. A user
// who must choose a new password (`password_change_required`) sees only that screen.

import { Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useI18n } from '../i18n';
import { canOpen, type Screen } from '../lib/roles';
import { useSession } from '../lib/session';

const ChangePasswordPage = lazy(async () => ({ default: (await import('../features/auth/ChangePasswordPage')).ChangePasswordPage }));

export function RequireSession() {
  const s = useSession();
  const location = useLocation();
  if (!s) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (s.user.password_change_required) {
    return (
      <Suspense fallback={<Spin style={{ display: 'block', marginTop: 96 }} />}>
        <ChangePasswordPage />
      </Suspense>
    );
  }
  return <Outlet />;
}

export function RequireRole({ screen }: { screen: Screen }) {
  const s = useSession();
  const { t } = useI18n();
  if (!s) return null;
  if (!canOpen(s.user.role, screen)) return <Result status="403" title="403" subTitle={t('app.forbidden')} />;
  return <Outlet />;
}
