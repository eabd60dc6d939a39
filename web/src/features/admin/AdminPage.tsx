// Administration (admin): users, departments, the SLA policy, root causes, API tokens and
// webhooks, one tab each.

import { Card, Tabs } from 'antd';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useI18n } from '../../i18n';
import { ApiTokensTab } from './ApiTokensTab';
import { DepartmentsTab } from './DepartmentsTab';
import { RootCausesTab } from './RootCausesTab';
import { SlaPolicyTab } from './SlaPolicyTab';
import { UsersTab } from './UsersTab';
import { WebhooksTab } from './WebhooksTab';

export function AdminPage() {
  const { t } = useI18n();
  const { tab = 'users' } = useParams();
  const navigate = useNavigate();
  const items = [
    { key: 'users', label: t('admin.users'), children: <UsersTab /> },
    { key: 'departments', label: t('admin.departments'), children: <DepartmentsTab /> },
    { key: 'sla-policy', label: t('admin.sla'), children: <SlaPolicyTab /> },
    { key: 'root-causes', label: t('admin.rootCauses'), children: <RootCausesTab /> },
    { key: 'api-tokens', label: t('admin.apiTokens'), children: <ApiTokensTab /> },
    { key: 'webhooks', label: t('admin.webhooks'), children: <WebhooksTab /> },
  ];
  // An address with no such tab (an old link, a typo) opens the nearest one, never a blank page.
  if (!items.some((i) => i.key === tab)) {
    const alias: Record<string, string> = { sla: 'sla-policy', policy: 'sla-policy', tokens: 'api-tokens', causes: 'root-causes' };
    return <Navigate to={`/admin/${alias[tab] ?? 'users'}`} replace />;
  }
  return (
    <Card title={t('admin.title')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => void navigate(`/admin/${k}`)}
        destroyOnHidden
        items={items}
      />
    </Card>
  );
}
