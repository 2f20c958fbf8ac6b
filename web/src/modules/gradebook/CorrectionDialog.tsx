import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { placeFieldErrors } from '../../lib/form-errors.ts';
import { requestCorrection, type SheetStudent } from './api.ts';
import { useSlotLabel, useValueLabel } from './shared.tsx';

/** A teacher asks the principal to change a mark of a locked sheet: corrections of locked marks are the principal's decision. */
export default function CorrectionDialog({
  sheetId,
  student,
  slot,
  onClose,
}: {
  sheetId: string;
  student: SheetStudent;
  slot: string;
  lang: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('gradebook');
  const { message } = App.useApp();
  const slotLabel = useSlotLabel();
  const valueLabel = useValueLabel();
  const [form] = Form.useForm<{ value: string; reason: string }>();
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: (v: { value: string; reason: string }) =>
      requestCorrection({ sheetId, studentId: student.id, slot, value: v.value.trim() === '' ? null : v.value, reason: v.reason }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['gradebook', 'corrections'] });
      message.success(t('correction.sent'));
      onClose();
    },
    onError: (err) => placeFieldErrors(form, err, { fallback: 'value' }),
  });
  return (
    <Modal
      open
      title={t('correction.title', { column: slotLabel(slot), name: student.fullName })}
      okText={t('correction.send')}
      cancelText={t('cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={send.isPending}
    >
      <Typography.Paragraph>{t('correction.current', { value: valueLabel(student.marks[slot]?.value) || '—' })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v)}>
        <Form.Item name="value" label={t('correction.newValue')}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('correction.reason')}
          rules={[{ required: true, min: 5, message: t('correction.reasonRequired') }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
