import { UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder until the identity module provides sign-in; it will replace this component. */
export function UserMenu() {
  const { t } = useTranslation();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'status', label: t('layout.notSignedIn'), disabled: true },
          { key: 'soon', label: t('layout.signInSoon'), disabled: true },
        ],
      }}
    >
      <Button type="text" aria-label={t('layout.userMenu')} style={{ color: '#fff', paddingInline: 4 }}>
        <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: 'rgba(255,255,255,0.2)' }} />
      </Button>
    </Dropdown>
  );
}
