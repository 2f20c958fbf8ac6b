import { PrinterOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { accountKeys, type CreatedAccounts, createClassAccounts, fetchClassAccounts } from './api.ts';

const escapeHtml = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page of its own with only the list (one row per student, to cut into slips), then the print dialog. */
function printList(result: CreatedAccounts, title: string, headers: string[]) {
  const w = window.open('', '_blank');
  if (!w) return;
  const rows = result.created
    .map(
      (c, i) =>
        `<tr><td>${i + 1}</td><td>${escapeHtml(c.fullName)}</td><td><code>${escapeHtml(c.username)}</code></td><td><code>${escapeHtml(c.initialPassword)}</code></td></tr>`,
    )
    .join('');
  w.document.write(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
    <style>body{font-family:system-ui,sans-serif;margin:24px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:8px 10px;text-align:left}code{font-size:15px}</style></head>
    <body><h1 style="font-size:20px">${escapeHtml(title)}</h1><p>${escapeHtml(result.schoolName)}</p>
    <table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></body></html>`);
  w.document.close();
  w.focus();
  w.print();
}

/**
 * "Tạo tài khoản học sinh" for a class of grade 6 and above: creates the missing accounts and shows
 * the printable list of usernames and first passwords once (they are not kept anywhere).
 */
export function ClassAccountsButton({ classId, className, gradeNo }: { classId: string; className: string; gradeNo: number }) {
  const { t } = useTranslation('registry');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const create = useMutation({
    mutationFn: () => createClassAccounts(classId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.ofClass(classId) }),
  });
  const state = useQuery({
    queryKey: accountKeys.ofClass(classId),
    queryFn: () => fetchClassAccounts(classId),
    enabled: open && gradeNo >= 6,
  });
  if (gradeNo < 6) return null;
  const result: CreatedAccounts | undefined = create.data;
  return (
    <>
      <Button icon={<UserAddOutlined />} onClick={() => setOpen(true)} data-testid="class-accounts">
        {t('accounts.classAccounts.button')}
      </Button>
      <Modal
        open={open}
        width={760}
        title={t('accounts.classAccounts.title', { name: className })}
        onCancel={() => setOpen(false)}
        footer={
          <Space>
            {result && result.created.length > 0 && (
              <Button
                icon={<PrinterOutlined />}
                onClick={() =>
                  printList(result, t('accounts.classAccounts.title', { name: className }), [
                    t('accounts.classAccounts.no'),
                    t('accounts.classAccounts.fullName'),
                    t('accounts.classAccounts.username'),
                    t('accounts.classAccounts.password'),
                  ])
                }
              >
                {t('accounts.classAccounts.print')}
              </Button>
            )}
            {!result && (
              <Button type="primary" loading={create.isPending} onClick={() => create.mutate()}>
                {t('accounts.classAccounts.create')}
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph>{t('accounts.classAccounts.intro')}</Typography.Paragraph>
        {state.data && !result && (
          <Typography.Paragraph strong>
            {t('accounts.classAccounts.state', {
              total: state.data.items.length,
              withAccount: state.data.items.filter((i) => i.username).length,
            })}
          </Typography.Paragraph>
        )}
        <ProblemAlert error={create.error} />
        {result && (
          <div className="printable" data-testid="class-accounts-result">
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('accounts.classAccounts.created', { count: result.created.length })}
            />
            {result.created.length > 0 && (
              <Table
                rowKey="studentId"
                size="small"
                pagination={false}
                dataSource={result.created}
                columns={[
                  { title: t('accounts.classAccounts.fullName'), dataIndex: 'fullName' },
                  {
                    title: t('accounts.classAccounts.username'),
                    dataIndex: 'username',
                    render: (v: string) => (
                      <Typography.Text code copyable>
                        {v}
                      </Typography.Text>
                    ),
                  },
                  {
                    title: t('accounts.classAccounts.password'),
                    dataIndex: 'initialPassword',
                    render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
                  },
                ]}
              />
            )}
            {result.existing.length > 0 && (
              <Typography.Paragraph style={{ marginTop: 12 }}>
                {t('accounts.classAccounts.existing')}: {result.existing.map((e) => `${e.fullName} (${e.username})`).join(', ')}
              </Typography.Paragraph>
            )}
            {result.skipped.length > 0 && (
              <Typography.Paragraph type="warning">
                {t('accounts.classAccounts.skipped')}:{' '}
                {result.skipped.map((s) => `${s.fullName} — ${t(`accounts.classAccounts.reason.${s.reason}`)}`).join('; ')}
              </Typography.Paragraph>
            )}
          </div>
        )}
      </Modal>
    </>
  );
}
