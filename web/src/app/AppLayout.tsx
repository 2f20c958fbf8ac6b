import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Grid, Layout, Menu, type MenuProps, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LoadingState } from '../components/states.tsx';
import type { WebModule } from '../modules/types.ts';
import { RouteGuard, useAuth } from './auth.tsx';
import { buildMenu, type MenuEntry } from './menu.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { brandBlue } from './theme.ts';
import { UserMenu } from './UserMenu.tsx';

const { Header, Sider, Content, Footer } = Layout;

/** The menu entry whose path is the longest prefix of the current location. */
function selectedKey(items: { key: string; path: string }[], pathname: string): string[] {
  const match = items
    .filter((i) => (i.path === '/' ? pathname === '/' : pathname === i.path || pathname.startsWith(`${i.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match ? [match.key] : [];
}

export function AppLayout({ modules }: { modules: readonly WebModule[] }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // Before the first measurement every breakpoint is undefined: assume a wide screen.
  const isPhone = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  const auth = useAuth();
  const sections = useMemo(() => buildMenu(modules, auth.me), [modules, auth.me]);
  const navItems = sections.flatMap((s) => s.items);
  const entry = (item: MenuEntry) => ({
    key: item.key,
    icon: item.icon,
    label: (
      <Link to={item.path} onClick={() => setDrawerOpen(false)}>
        {t(item.labelKey, { ns: item.ns })}
      </Link>
    ),
  });
  // Work areas as headed groups; a collapsed menu has no room for headings, a line divides them.
  const menuItems: MenuProps['items'] = sections.flatMap(
    ({ section, items }, i): NonNullable<MenuProps['items']> =>
      collapsed && !isPhone
        ? [...(i > 0 ? [{ type: 'divider' as const, key: `divider.${section}` }] : []), ...items.map(entry)]
        : [{ type: 'group' as const, key: `section.${section}`, label: t(`menu.section.${section}`), children: items.map(entry) }],
  );
  const menu = (
    <nav aria-label={t('layout.mainNavigation')}>
      <Menu mode="inline" items={menuItems} selectedKeys={selectedKey(navItems, location.pathname)} style={{ borderInlineEnd: 0 }} />
    </nav>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 12, position: 'sticky', top: 0, zIndex: 10 }}>
        {isPhone && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('layout.openMenu')}
            onClick={() => setDrawerOpen(true)}
            style={{ color: '#fff' }}
          />
        )}
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff', minWidth: 0 }}>
          <img src="/favicon.svg" alt="" width={28} height={28} style={{ borderRadius: 4, outline: '1px solid rgba(255,255,255,0.5)' }} />
          <Flex vertical style={{ lineHeight: 1.2, minWidth: 0 }}>
            <Typography.Text strong style={{ color: '#fff', fontSize: 17, whiteSpace: 'nowrap' }} data-testid="product-name">
              {t('app.name')}
            </Typography.Text>
            {!isPhone && <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', fontSize: 12 }}>{t('app.tagline')}</Typography.Text>}
          </Flex>
        </Link>
        <Flex align="center" gap={8} style={{ marginInlineStart: 'auto' }}>
          <LanguageSwitch />
          <UserMenu />
        </Flex>
      </Header>
      <Layout>
        {isPhone ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={260}
            title={t('app.name')}
            closable={{ 'aria-label': t('layout.closeMenu') }}
            styles={{ body: { padding: 0 }, header: { borderBottom: `3px solid ${brandBlue}` } }}
          >
            {menu}
          </Drawer>
        ) : (
          <Sider
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            width={232}
            theme="light"
            style={{ borderInlineEnd: '1px solid #e5e9f0' }}
            trigger={
              <span role="img" aria-label={collapsed ? t('layout.expandMenu') : t('layout.collapseMenu')}>
                {collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              </span>
            }
          >
            {menu}
          </Sider>
        )}
        <Layout>
          <Content id="main" tabIndex={-1} style={{ padding: isPhone ? 12 : 24, outline: 'none' }}>
            <Suspense fallback={<LoadingState />}>
              <RouteGuard>
                <Outlet />
              </RouteGuard>
            </Suspense>
          </Content>
          <Footer style={{ textAlign: 'center', color: '#5b6472', fontSize: 12, padding: '12px 16px' }}>{t('app.footer')}</Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
