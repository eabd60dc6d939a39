// Administration (admin): users, departments, the SLA policy, root causes, API tokens and
// webhooks, one tab each.

import { Card, Tabs } from 'antd';
import { useNavigate, useParams } from 'react-router';
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
  return (
    <Card title={t('admin.title')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(`/admin/${k}`)}
        destroyOnHidden
        items={[
          { key: 'users', label: t('admin.users'), children: <UsersTab /> },
          { key: 'departments', label: t('admin.departments'), children: <DepartmentsTab /> },
          { key: 'sla', label: t('admin.sla'), children: <SlaPolicyTab /> },
          { key: 'root-causes', label: t('admin.rootCauses'), children: <RootCausesTab /> },
          { key: 'api-tokens', label: t('admin.apiTokens'), children: <ApiTokensTab /> },
          { key: 'webhooks', label: t('admin.webhooks'), children: <WebhooksTab /> },
        ]}
      />
    </Card>
  );
}
