import { App, Button, Card, Checkbox, Flex, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { type Channel, channels, usePreferences, useSavePreferences } from './api.ts';

/** My channels and quiet hours; codes and other urgent messages ignore both (said on the page). */
export default function NotificationsPage() {
  const { t } = useTranslation('operations');
  const { message } = App.useApp();
  const prefs = usePreferences();
  const save = useSavePreferences();
  const [enabled, setEnabled] = useState<Channel[]>([]);
  const [quiet, setQuiet] = useState(true);
  useEffect(() => {
    if (!prefs.data) return;
    setEnabled(channels.filter((c) => !prefs.data.disabledChannels.includes(c)));
    setQuiet(prefs.data.quietHours);
  }, [prefs.data]);

  if (prefs.isPending) return <LoadingState />;
  if (prefs.error) return <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />;

  const onSave = () =>
    save.mutate(
      { disabledChannels: channels.filter((c) => !enabled.includes(c)), quietHours: quiet },
      {
        onSuccess: () => void message.success(t('prefs.saved')),
        onError: (err) => void message.error(isApiProblem(err) ? err.title : t('prefs.saveFailed')),
      },
    );

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('prefs.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('prefs.intro')}</Typography.Paragraph>
      <Card style={{ maxWidth: 640 }}>
        <Flex vertical gap={16}>
          <div>
            <Typography.Text strong id="prefs-channels">
              {t('prefs.channels')}
            </Typography.Text>
            <Checkbox.Group
              aria-labelledby="prefs-channels"
              style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 8 }}
              value={enabled}
              onChange={(v) => setEnabled(v as Channel[])}
              options={channels.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
            />
          </div>
          <Flex gap={8} align="center">
            <Switch checked={quiet} onChange={setQuiet} aria-label={t('prefs.quietHours')} id="prefs-quiet" />
            <label htmlFor="prefs-quiet">{t('prefs.quietHoursRange', { from: prefs.data.quietFrom, to: prefs.data.quietTo })}</label>
          </Flex>
          <Typography.Text type="secondary">{t('prefs.urgentNote')}</Typography.Text>
          <div>
            <Button type="primary" onClick={onSave} loading={save.isPending}>
              {t('prefs.save')}
            </Button>
          </div>
        </Flex>
      </Card>
    </>
  );
}
