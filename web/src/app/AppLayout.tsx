// The console's frame: a side menu with the screens the role may open, and a header with
// the user, the language switch and sign-out. Below 768 px the menu is a drawer behind a
// button, and the header keeps the language switch and sign-out in reach.

import {
  AlertOutlined,
  BookOutlined,
  SwapOutlined,
  DashboardOutlined,
  InboxOutlined,
  LogoutOutlined,
  MenuOutlined,
  PhoneOutlined,
  PlusCircleOutlined,
  SettingOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Segmented, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { signOut } from '../api/client';
import { useLiveUpdates } from '../api/live';
import { useSlaPolicy } from '../api/queries';
import { centerZone, parseUtcOffset } from '../lib/datetime';
import { useI18n, type Locale, type MessageKey } from '../i18n';
import { canOpen, type Screen } from '../lib/roles';
import { useSession } from '../lib/session';
import { NotificationPermissionButton, useStaffAlerts } from './StaffAlerts';
import { ShortcutsHelp } from '../components/ShortcutsHelp';

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
  // undefined before the first measure: the wide layout.
  const narrow = Grid.useBreakpoint().md === false;
  const [drawer, setDrawer] = useState(false);
  // One live stream per signed-in tab: screens refresh on change, not only by polling.
  useLiveUpdates();
  // New P1 tickets, urges and escalations: the title's count and notifications.
  useStaffAlerts(role);
  // Every time on screen is in the center's zone, from the policy's calendar.
  const policy = useSlaPolicy();
  const offset = parseUtcOffset(policy.data?.calendar?.utc_offset);
  useEffect(() => {
    if (offset !== null) centerZone.set(offset);
  }, [offset]);

  // Alt+N opens a new intake from anywhere, for agents with a caller on the line (on the
  // intake screen itself, its own Alt+N starts the next contact).
  useEffect(() => {
    if (!role || !canOpen(role, 'intake')) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyN') {
        e.preventDefault();
        void navigate('/intake');
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

  const onSignOut = () => {
    signOut();
    queryClient.clear();
    void navigate('/login', { replace: true });
  };

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items}
      onClick={({ key }) => {
        setDrawer(false);
        void navigate(key);
      }}
      aria-label="main"
    />
  );
  const brand = (
    <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 8, padding: '0 20px', color: '#fff' }}>
      <AlertOutlined style={{ fontSize: 20 }} />
      <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden' }}>
        {t('app.name')}
      </Typography.Text>
    </div>
  );
  const user = (
    <Space size={4} data-testid="current-user" style={{ whiteSpace: 'nowrap' }}>
      <UserOutlined />
      <span>{s.user.display_name}</span>
      <Tag>{t(`role.${s.user.role}`)}</Tag>
    </Space>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          placement="left"
          size={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
          data-testid="nav-drawer"
        >
          {brand}
          <div style={{ padding: '0 20px 12px', color: 'rgba(255,255,255,0.85)' }}>{user}</div>
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={200} theme="dark" breakpoint="lg" collapsedWidth={64}>
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: '#fff',
            padding: narrow ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
            height: 56,
            lineHeight: 'normal',
          }}
        >
          {narrow ? (
            <Space size={4} style={{ minWidth: 0 }}>
              <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label={t('app.menu')} data-testid="nav-open" />
              <Typography.Text strong ellipsis style={{ maxWidth: 120 }}>
                {t('app.name')}
              </Typography.Text>
            </Space>
          ) : (
            <span />
          )}
          <Space size={narrow ? 4 : 'middle'}>
            <NotificationPermissionButton compact={narrow} />
            <Segmented<Locale>
              aria-label={t('app.language')}
              value={locale}
              onChange={setLocale}
              size={narrow ? 'small' : 'middle'}
              options={[
                { label: narrow ? '中' : '中文', value: 'zh-CN' },
                { label: narrow ? 'EN' : 'English', value: 'en-US' },
              ]}
            />
            {narrow ? (
              <Tooltip title={`${s.user.display_name} · ${t(`role.${s.user.role}`)}`}>
                <UserOutlined data-testid="current-user" aria-label={s.user.display_name} />
              </Tooltip>
            ) : (
              user
            )}
            {narrow ? (
              <Button icon={<LogoutOutlined />} onClick={onSignOut} aria-label={t('app.signOut')} />
            ) : (
              <Button icon={<LogoutOutlined />} onClick={onSignOut}>
                {t('app.signOut')}
              </Button>
            )}
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 8 : 16 }}>
          <ShortcutsHelp />
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
