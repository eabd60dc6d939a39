// The console's frame: a side menu with the screens the role may open, and a header with
// the user, the language switch and sign-out.

import {
  AlertOutlined,
  BookOutlined,
  SwapOutlined,
  DashboardOutlined,
  InboxOutlined,
  LogoutOutlined,
  PhoneOutlined,
  PlusCircleOutlined,
  SettingOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { Suspense, useEffect, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveUpdates } from '../api/live';
import { useI18n, type Locale, type MessageKey } from '../i18n';
import { canOpen, type Screen } from '../lib/permissions';
import { session, useSession } from '../lib/session';

const MENU: { screen: Screen; path: string; label: MessageKey; icon: ReactNode }[] = [
  { screen: 'intake', path: '/intake', label: 'nav.intake', icon: <PlusCircleOutlined /> },
  { screen: 'queue', path: '/queue', label: 'nav.queue', icon: <UnorderedListOutlined /> },
  { screen: 'inbox', path: '/inbox', label: 'nav.inbox', icon: <InboxOutlined /> },
  { screen: 'callbacks', path: '/callbacks', label: 'nav.callbacks', icon: <PhoneOutlined /> },
  { screen: 'handovers', path: '/handovers', label: 'nav.handovers', icon: <SwapOutlined /> },
  { screen: 'answers', path: '/answers', label: 'nav.answers', icon: <BookOutlined /> },
  { screen: 'dashboard', path: '/dashboard', label: 'nav.dashboard', icon: <DashboardOutlined /> },
  { screen: 'admin', path: '/admin', label: 'nav.admin', icon: <SettingOutlined /> },
];

export function AppLayout() {
  const s = useSession();
  const { t, locale, setLocale } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const queryClient = useQueryClient();
  const role = s?.user.role;
  // One live stream per signed-in tab: screens refresh on change, not only by polling.
  useLiveUpdates();

  // Alt+N opens a new intake from anywhere, for agents with a caller on the line.
  useEffect(() => {
    if (!role || !canOpen(role, 'intake')) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyN') {
        e.preventDefault();
        navigate('/intake', { state: { fresh: Date.now() } });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [role, navigate]);

  if (!s) return null;
  const items = MENU.filter((m) => canOpen(s.user.role, m.screen)).map((m) => ({
    key: m.path,
    icon: m.icon,
    label: t(m.label),
  }));
  const selected = MENU.find((m) => location.pathname.startsWith(m.path))?.path;

  const signOut = () => {
    session.end('signed_out');
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="dark" breakpoint="lg" collapsedWidth={64}>
        <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 8, padding: '0 20px', color: '#fff' }}>
          <AlertOutlined style={{ fontSize: 20 }} />
          <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden' }}>
            {t('app.name')}
          </Typography.Text>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => navigate(key)}
          aria-label="main"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            borderBottom: '1px solid #f0f0f0',
            height: 56,
          }}
        >
          <Space size="middle">
            <Segmented<Locale>
              aria-label={t('app.language')}
              value={locale}
              onChange={setLocale}
              options={[
                { label: '中文', value: 'zh-CN' },
                { label: 'English', value: 'en-US' },
              ]}
            />
            <Space size={4} data-testid="current-user">
              <UserOutlined />
              <span>{s.user.display_name}</span>
              <Tag>{t(`role.${s.user.role}`)}</Tag>
            </Space>
            <Button icon={<LogoutOutlined />} onClick={signOut}>
              {t('app.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <Spin spinning={navigation.state === 'loading'} delay={200}>
            <Suspense fallback={<Spin />}>
              <Outlet />
            </Suspense>
          </Spin>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
