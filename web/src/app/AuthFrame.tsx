import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { brandBlue } from './theme.ts';

/** The full-page frame of the sign-in, reset and activation screens: brand, language switch, one card. */
export function AuthFrame({ title, children }: { title: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', background: '#f3f6fa', padding: '24px 12px' }}>
      <Flex align="center" justify="space-between" style={{ width: '100%', maxWidth: 440, marginBottom: 16 }}>
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
          <img src="/favicon.svg" alt="" width={32} height={32} style={{ borderRadius: 4 }} />
          <Flex vertical style={{ lineHeight: 1.2 }}>
            <Typography.Text strong style={{ fontSize: 18, color: brandBlue }}>
              {t('app.name')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('app.tagline')}
            </Typography.Text>
          </Flex>
        </Link>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 440, borderTop: `3px solid ${brandBlue}` }}>
        <main id="main">
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
            {title}
          </Typography.Title>
          {children}
        </main>
      </Card>
    </Flex>
  );
}
