import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { placeFieldErrors } from '../../lib/form-errors.ts';
import {
  closeUnit,
  createSchool,
  departmentLevels,
  moveUnit,
  updateUnit,
  type OrgUnit,
  type OrgUnitDetail,
  orgKeys,
  ownerships,
  type Ownership,
  type SchoolLevel,
  schoolLevels,
  searchUnits,
  useCommunes,
} from './api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

type Dialog = 'edit' | 'move' | 'close' | 'createSchool' | null;
interface Props {
  unit: OrgUnitDetail;
  open: Dialog;
  onClose: () => void;
  onCreated?: (u: OrgUnit) => void;
}

export function UnitDialogs({ unit, open, onClose, onCreated }: Props) {
  const { t } = useTranslation('org');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const communes = useCommunes();
  const [parents, setParents] = useState<OrgUnit[]>([]);

  const done = async (u?: OrgUnit) => {
    await queryClient.invalidateQueries({ queryKey: orgKeys.all });
    message.success(t('unit.saved'));
    form.resetFields();
    setError(null);
    onClose();
    if (u && open === 'createSchool') onCreated?.(u);
  };
  const mutation = useMutation({
    mutationFn: async (values: Record<string, string>) => {
      switch (open) {
        case 'edit':
          return updateUnit(unit, { name: values.name ?? '', code: values.code ?? '' });
        case 'move':
          return moveUnit(unit, values.parentId ?? '');
        case 'close':
          return closeUnit(unit, values.reason ?? '');
        default:
          return createSchool({
            parentId: unit.id,
            name: values.name ?? '',
            code: values.code || undefined,
            schoolLevel: values.schoolLevel as SchoolLevel,
            ownership: values.ownership as Ownership,
            adminUnitCode: values.adminUnitCode,
          });
      }
    },
    onSuccess: (u) => done(u),
    onError: (err) => {
      setError(err);
      placeFieldErrors(form, err);
    },
  });

  if (!open) return null;
  const title = { edit: t('unit.edit'), move: t('unit.move'), close: t('unit.close'), createSchool: t('unit.createSchool') }[open];
  const levelsHere = schoolLevels.filter((l) => (unit.type === 'department') === departmentLevels.includes(l));
  return (
    <Modal
      open
      title={title}
      okText={t('unit.save')}
      cancelText={t('unit.cancel')}
      onCancel={() => {
        setError(null);
        form.resetFields();
        onClose();
      }}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      okButtonProps={{ danger: open === 'close' }}
      destroyOnHidden
    >
      <ProblemAlert error={error} onlyIfNoFields />
      <Form
        form={form}
        layout="vertical"
        initialValues={
          open === 'edit'
            ? { name: unit.name, code: unit.code }
            : open === 'createSchool'
              ? { ownership: 'cong_lap', adminUnitCode: unit.type === 'commune' ? unit.adminUnitCode : undefined }
              : {}
        }
        onFinish={(v) => mutation.mutate(v)}
      >
        {(open === 'edit' || open === 'createSchool') && (
          <>
            <Form.Item name="name" label={t('unit.name')} rules={[{ required: true, min: 2 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="code" label={t('unit.code')} extra={open === 'createSchool' ? t('unit.codeHint') : undefined}>
              <Input />
            </Form.Item>
          </>
        )}
        {open === 'createSchool' && (
          <>
            <Form.Item name="schoolLevel" label={t('unit.level')} extra={t('unit.levelHint')} rules={[{ required: true }]}>
              <Select options={levelsHere.map((l) => ({ value: l, label: t(`common:schoolLevel.${l}`) }))} />
            </Form.Item>
            <Form.Item name="ownership" label={t('unit.ownership')} rules={[{ required: true }]}>
              <Select options={ownerships.map((o) => ({ value: o, label: t(`common:ownership.${o}`) }))} />
            </Form.Item>
            <Form.Item name="adminUnitCode" label={t('unit.commune')} rules={[{ required: true }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                disabled={unit.type === 'commune'}
                loading={communes.isPending}
                options={communes.data?.items.map((c) => ({ value: c.code, label: c.fullName }))}
              />
            </Form.Item>
          </>
        )}
        {open === 'move' && (
          <Form.Item name="parentId" label={t('unit.newParent')} rules={[{ required: true }]}>
            <Select
              showSearch={{
                filterOption: false,
                onSearch: (q) => {
                  if (q.trim()) void searchUnits(q.trim()).then((r) => setParents(r.items.filter((p) => p.id !== unit.id)));
                },
              }}
              options={parents.map((p) => ({ value: p.id, label: `${p.name} (${t(`type.${p.type}`)})` }))}
            />
          </Form.Item>
        )}
        {open === 'close' && (
          <>
            <Alert type="info" title={t('unit.closeWarning')} style={{ marginBottom: 12 }} />
            <Form.Item name="reason" label={t('unit.reason')} rules={[{ required: true, min: 3 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
