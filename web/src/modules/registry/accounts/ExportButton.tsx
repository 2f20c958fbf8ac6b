import { FileExcelOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useProblemText } from '../../../components/ProblemAlert.tsx';
import { downloadExport } from './api.ts';

/**
 * "Xuất Excel": the same filters as the list on screen (the server applies the list's scope and
 * masking); a refused bulk export shows the server's reason.
 */
export function ExportButton({ url }: { url: string }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const text = useProblemText();
  const download = useMutation({
    mutationFn: () => downloadExport(url),
    onSuccess: () => void message.success(t('accounts.export.started')),
    onError: (err) => void message.error(text(err), 8),
  });
  return (
    <Tooltip title={t('accounts.export.bulkHint')}>
      <Button icon={<FileExcelOutlined />} loading={download.isPending} onClick={() => download.mutate()} data-testid="export-xlsx">
        {t('accounts.export.button')}
      </Button>
    </Tooltip>
  );
}
