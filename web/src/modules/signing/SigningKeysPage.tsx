import { App, Button, Card, Descriptions, Form, Input, Select, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDate } from '../../lib/format.ts';
import { type SigningKeys, useSigningKeys, useStoreSigningKey } from './api.ts';

type Key = NonNullable<SigningKeys['personal']>;

/**
 * The caller's signing certificate and the seals of the units they administer (schools,
 * communes, the department). A PKCS#12 file is
 * stored sealed under the holder's passphrase (the same password the file was exported with);
 * the server never keeps the passphrase.
 */
export default function SigningKeysPage() {
  const { t } = useTranslation('signing');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: 'personal' | 'seal'; unitId?: string; passphrase: string }>();
  const [file, setFile] = useState<File | null>(null);
  const q = useSigningKeys();
  const store = useStoreSigningKey();
  const submit = async (v: { kind: 'personal' | 'seal'; unitId?: string; passphrase: string }) => {
    const bytes = new Uint8Array(await file!.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    store.mutate(
      { ...v, p12Base64: btoa(binary) },
      {
        onSuccess: () => {
          form.resetFields();
          setFile(null);
          message.success(t('keys.stored'));
        },
        onError: (err) => {
          const field = isApiProblem(err) && err.errors?.some((e) => e.path === 'body.unitId') ? 'unitId' : 'passphrase';
          form.setFields([{ name: field, errors: [isApiProblem(err) ? err.title : t('error')] }]);
        },
      },
    );
  };
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  const show = (k: Key | null) =>
    k ? (
      <>
        {k.subject} — {k.issuer} · {t('keys.until', { date: formatDate(k.notAfter) })}{' '}
        {k.test && <Tag color="orange">{t('keys.test')}</Tag>}
      </>
    ) : (
      <Typography.Text type="secondary">{t('keys.none')}</Typography.Text>
    );
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('keys.title')}
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('keys.personal')}>{show(q.data.personal)}</Descriptions.Item>
          {q.data.seals.map((s) => (
            <Descriptions.Item key={s.unitId} label={t('keys.seal', { name: s.unitName })}>
              {show(s.key)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <Card title={t('keys.install')}>
        <Form form={form} layout="vertical" initialValues={{ kind: 'personal' }} onFinish={submit} style={{ maxWidth: 480 }}>
          <Form.Item name="kind" label={t('keys.kind')}>
            <Select
              options={[
                { value: 'personal', label: t('keys.personal') },
                ...(q.data.seals.length ? [{ value: 'seal', label: t('keys.sealKind') }] : []),
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() =>
              form.getFieldValue('kind') === 'seal' && (
                <Form.Item name="unitId" label={t('keys.school')} rules={[{ required: true, message: t('keys.schoolRequired') }]}>
                  <Select options={q.data.seals.map((s) => ({ value: s.unitId, label: s.unitName }))} />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item label={t('keys.file')} required>
            <Upload
              accept=".p12,.pfx"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
            >
              <Button>{t('keys.pick')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item
            name="passphrase"
            label={t('keys.passphrase')}
            rules={[{ required: true, min: 8, message: t('keys.passphraseRequired') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={!file} loading={store.isPending}>
            {t('keys.save')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
