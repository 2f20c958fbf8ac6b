import { LoginOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Grid, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { loginPath, useAuth, useSignOut } from './auth.tsx';

/** The signed-in user's name with profile and sign-out; a sign-in button otherwise. */
export function UserMenu() {
  const { t } = useTranslation('identity');
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const signOut = useSignOut();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;

  if (!auth.me) {
    if (auth.loading) return null;
    return (
      <Button
        type="text"
        icon={<LoginOutlined />}
        style={{ color: '#fff' }}
        data-testid="sign-in-link"
        onClick={() => void navigate(loginPath(location.pathname === '/' ? '/' : location.pathname + location.search))}
      >
        {t('menu.signIn')}
      </Button>
    );
  }
  const me = auth.me;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <span>
                <Typography.Text strong>{me.displayName}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{me.username}</Typography.Text>
              </span>
            ),
          },
          { type: 'divider' },
          { key: 'profile', icon: <UserOutlined />, label: t('menu.profile'), onClick: () => void navigate('/profile') },
          { key: 'signOut', icon: <LogoutOutlined />, label: t('menu.signOut'), onClick: () => void signOut() },
        ],
      }}
    >
      <Button
        type="text"
        aria-label={t('menu.label', { name: me.displayName })}
        data-testid="user-menu"
        style={{ color: '#fff', paddingInline: 4 }}
      >
        <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: 'rgba(255,255,255,0.2)' }} />
        {!isPhone && (
          <span style={{ maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{me.displayName}</span>
        )}
      </Button>
    </Dropdown>
  );
}
