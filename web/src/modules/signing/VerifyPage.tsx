import { CheckCircleFilled, CloseCircleFilled, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Input, Layout, Result, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiProblem } from '../../api/client.ts';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { type PublicDocument, usePublicDocument, useVerifyUpload, type Verification } from './api.ts';

/**
 * The public verification page (anyone who scans the QR code of a document the platform signs: a
 * transcript, a result, a receipt): the facts its owner publishes to check it — no scores — and a
 * check of an uploaded PDF, signature by signature, against the trusted authorities and the
 * fingerprint registered when it was sealed.
 */
export default function VerifyPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation('signing');
  const navigate = useNavigate();
  const [typed, setTyped] = useState(code);
  const facts = usePublicDocument(code);
  const check = useVerifyUpload(code || undefined);
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Content style={{ maxWidth: 760, width: '100%', margin: '0 auto', padding: 24 }}>
        <Space style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={1} style={{ fontSize: 24 }}>
            {t('verify.title')}
          </Typography.Title>
          <LanguageSwitch />
        </Space>
        <Card style={{ marginBottom: 16 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              aria-label={t('verify.code')}
              placeholder={t('verify.code')}
              value={typed}
              onChange={(e) => setTyped(e.target.value.trim())}
              onPressEnter={() => navigate(`/verify/${typed}`)}
            />
            <Button type="primary" onClick={() => navigate(`/verify/${typed}`)}>
              {t('verify.lookUp')}
            </Button>
          </Space.Compact>
        </Card>
        {code && facts.isError && (
          <Alert type="error" showIcon message={isApiProblem(facts.error) ? facts.error.title : t('error')} style={{ marginBottom: 16 }} />
        )}
        {facts.data && <Facts data={facts.data} />}
        <Card title={t('verify.uploadTitle')}>
          <Typography.Paragraph>{t('verify.uploadHelp')}</Typography.Paragraph>
          <Upload
            accept="application/pdf,.pdf"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(file) => {
              check.mutate(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={check.isPending}>
              {t('verify.upload')}
            </Button>
          </Upload>
          {check.isError && (
            <Alert type="error" showIcon style={{ marginTop: 16 }} message={isApiProblem(check.error) ? check.error.title : t('error')} />
          )}
          {check.data && <Outcome data={check.data} />}
        </Card>
      </Layout.Content>
    </Layout>
  );
}

function Facts({ data }: { data: PublicDocument }) {
  const { t } = useTranslation('signing');
  return (
    <Card style={{ marginBottom: 16 }}>
      {data.current ? (
        <Alert type="success" showIcon message={t('verify.current', { type: data.typeLabel })} style={{ marginBottom: 12 }} />
      ) : (
        <Alert
          type="warning"
          showIcon
          message={data.newerVersion?.version ? t('verify.superseded', { version: data.newerVersion.version }) : t('verify.newerDue')}
          style={{ marginBottom: 12 }}
        />
      )}
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('verify.type')}>{data.typeLabel}</Descriptions.Item>
        {data.facts.map((f) => (
          <Descriptions.Item key={f.label} label={f.label}>
            {f.value}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('verify.version')}>{data.version}</Descriptions.Item>
        {data.sealedAt && <Descriptions.Item label={t('verify.sealedAt')}>{formatDateTime(data.sealedAt)}</Descriptions.Item>}
        <Descriptions.Item label={t('verify.signatures')}>
          {data.signatures.map((s) => (
            <div key={s.role}>
              {t(`role.${s.role}`)}: {s.signer}
            </div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.fingerprint')}>
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {data.fingerprint}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Outcome({ data }: { data: Verification }) {
  const { t } = useTranslation('signing');
  return (
    <div style={{ marginTop: 16 }} role="status">
      <Result
        status={data.valid ? 'success' : 'error'}
        icon={data.valid ? <CheckCircleFilled /> : <CloseCircleFilled />}
        title={data.valid ? t('verify.valid') : t('verify.invalid')}
        subTitle={data.valid ? t('verify.validHelp') : data.problems.map((p) => t(`verify.problem.${p}`, { defaultValue: p })).join(' ')}
      />
      <Descriptions size="small" column={1} bordered>
        {data.signatures.map((s) => (
          <Descriptions.Item key={s.index} label={s.role ? t(`role.${s.role}`) : t('verify.signature', { n: s.index + 1 })}>
            {s.valid ? '✓' : '✗'} {s.signerName ?? ''}
            {s.signingTime ? ` — ${formatDateTime(s.signingTime)}` : ''}
            {s.problems.length > 0 && (
              <div>
                <Typography.Text type="danger">
                  {s.problems.map((p) => t(`verify.problem.${p}`, { defaultValue: p })).join(', ')}
                </Typography.Text>
              </div>
            )}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </div>
  );
}
