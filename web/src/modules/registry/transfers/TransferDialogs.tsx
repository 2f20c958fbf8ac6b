import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth.tsx';
import { formatDate } from '../../../lib/format.ts';
import { pickYear, useClasses, useStructure } from '../structure/api.ts';
import { foldFilter } from '../../../lib/text.ts';
import { placeFieldErrors } from '../../../lib/form-errors.ts';
import {
  acceptTransfer,
  admitFromOtherProvince,
  createTransfer,
  rejectTransfer,
  requestTransfer,
  todayIso,
  type Transfer,
  transferKeys,
  transferOutOfProvince,
  useDestinations,
} from './api.ts';

const dateFormat = 'DD/MM/YYYY';
const iso = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');

/** Classes of a school for the year a transfer lands in (same grade first). */
function ClassPicker({
  schoolId,
  startYear,
  gradeNo,
  value,
  onChange,
}: {
  schoolId: string;
  startYear?: number | null | undefined;
  gradeNo?: number | null | undefined;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const { t } = useTranslation('registry');
  const structure = useStructure(schoolId);
  const years = structure.data?.years ?? [];
  const year = years.find((y) => y.startYear === startYear) ?? pickYear(years, null);
  const classes = useClasses(schoolId, year?.id);
  const items = [...(classes.data?.items ?? [])].sort(
    (a, b) => Number(b.gradeNo === gradeNo) - Number(a.gradeNo === gradeNo) || a.gradeNo - b.gradeNo || a.name.localeCompare(b.name, 'vi'),
  );
  if (classes.isSuccess && items.length === 0) return <Alert type="warning" showIcon title={t('transfers.noClasses')} />;
  return (
    <Select
      aria-label={t('transfers.pickClass')}
      placeholder={t('transfers.pickClass')}
      loading={structure.isPending || classes.isPending}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: foldFilter }}
      options={items.map((c) => ({ value: c.id, label: `${c.name} (${c.studentCount} HS)` }))}
    />
  );
}

export function AcceptDialog({ transfer, onClose }: { transfer: Transfer; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ classId?: string; note?: string }>();
  const needsClass = transfer.initiatedBy === 'sender';
  const accept = useMutation({
    mutationFn: (v: { classId?: string; note?: string }) =>
      acceptTransfer({
        params: { path: { id: transfer.id } },
        body: { ...(needsClass ? { classId: v.classId } : {}), ...(v.note ? { note: v.note } : {}) },
      }),
    onSuccess: async (data) => {
      await queryClient.invalidateQueries({ queryKey: ['registry'] });
      message.success(t('transfers.accepted', { className: data.toClass?.name ?? '' }));
      onClose();
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  return (
    <Modal
      open
      title={t('transfers.acceptTitle', { name: transfer.student.fullName })}
      okText={t('transfers.accept')}
      cancelText={t('transfers.no')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={accept.isPending}
    >
      <p>{t('transfers.acceptHint')}</p>
      {accept.isError && !form.getFieldsError().some((f) => f.errors.length) && (
        <Alert type="error" showIcon title={accept.error.message} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => accept.mutate(v)}>
        {needsClass ? (
          <Form.Item name="classId" label={t('transfers.col.class')} rules={[{ required: true, message: t('transfers.pickClass') }]}>
            <ClassPicker schoolId={transfer.toSchool?.id ?? ''} startYear={transfer.fromStartYear} gradeNo={transfer.fromGradeNo} />
          </Form.Item>
        ) : (
          <p>
            {t('transfers.col.class')}: <strong>{transfer.toClass?.name}</strong>
          </p>
        )}
        <Form.Item name="note" label={t('transfers.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RejectDialog({ transfer, onClose }: { transfer: Transfer; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useMutation({
    mutationFn: (v: { reason: string }) => rejectTransfer({ params: { path: { id: transfer.id } }, body: v }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: transferKeys.all });
      message.success(t('transfers.rejected'));
      onClose();
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  return (
    <Modal
      open
      title={t('transfers.rejectTitle', { name: transfer.student.fullName })}
      okText={t('transfers.reject')}
      okButtonProps={{ danger: true }}
      cancelText={t('transfers.no')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={reject.isPending}
    >
      <Form form={form} layout="vertical" onFinish={(v) => reject.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('transfers.rejectReason')}
          rules={[{ required: true, min: 2, message: t('transfers.rejectReason') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The sending school: transfer a student to another school of the province, or out of the province. */
export function StartTransferDialog({
  student,
  onClose,
  onDone,
}: {
  student: { id: string; fullName: string };
  onClose: () => void;
  onDone?: () => void;
}) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { me } = useAuth();
  const [form] = Form.useForm();
  const [where, setWhere] = useState<'in' | 'out'>('in');
  const [search, setSearch] = useState('');
  const destinations = useDestinations(search);
  const start = useMutation({
    mutationFn: (v: {
      toSchoolId?: string;
      otherProvince?: string;
      otherSchoolName?: string;
      transferOn: dayjs.Dayjs;
      reason?: string;
      documentsNote?: string;
    }) =>
      where === 'in'
        ? createTransfer({
            body: {
              studentId: student.id,
              toSchoolId: v.toSchoolId ?? '',
              transferOn: iso(v.transferOn),
              reason: v.reason,
              documentsNote: v.documentsNote,
            },
          })
        : transferOutOfProvince({
            body: {
              studentId: student.id,
              transferOn: iso(v.transferOn),
              otherProvince: v.otherProvince ?? '',
              otherSchoolName: v.otherSchoolName,
              reason: v.reason,
              documentsNote: v.documentsNote,
            },
          }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['registry'] });
      message.success(where === 'in' ? t('transfers.start.sent') : t('transfers.start.done'));
      onDone?.();
      onClose();
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  const schools = (destinations.data?.items ?? []).filter((s) => s.id !== me?.homeUnit?.id);
  return (
    <Modal
      open
      title={t('transfers.start.title', { name: student.fullName })}
      okText={where === 'in' ? t('transfers.start.submit') : t('transfers.start.submitOut')}
      cancelText={t('transfers.no')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={start.isPending}
      width={640}
    >
      {start.isError && <Alert type="error" showIcon title={start.error.message} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ transferOn: dayjs(todayIso()) }} onFinish={(v) => start.mutate(v)}>
        <Form.Item label={t('transfers.start.where')}>
          <Radio.Group
            value={where}
            onChange={(e) => setWhere(e.target.value)}
            optionType="button"
            options={[
              { value: 'in', label: t('transfers.start.inProvince') },
              { value: 'out', label: t('transfers.start.outProvince') },
            ]}
          />
        </Form.Item>
        <Alert
          type="info"
          showIcon
          title={where === 'in' ? t('transfers.start.hintIn') : t('transfers.start.hintOut')}
          style={{ marginBottom: 16 }}
        />
        {where === 'in' ? (
          <Form.Item
            name="toSchoolId"
            label={t('transfers.start.school')}
            rules={[{ required: true, message: t('transfers.start.school') }]}
          >
            <Select
              aria-label={t('transfers.start.school')}
              showSearch={{ filterOption: false, onSearch: setSearch }}
              placeholder={t('transfers.start.searchSchool')}
              loading={destinations.isFetching}
              options={schools.map((s) => ({ value: s.id, label: s.communeName ? `${s.name} — ${s.communeName}` : s.name }))}
            />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="otherProvince"
              label={t('transfers.start.province')}
              rules={[{ required: true, min: 2, message: t('transfers.start.province') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="otherSchoolName" label={t('transfers.start.otherSchool')}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        <TransferDetailsFields />
      </Form>
    </Modal>
  );
}

/**
 * The receiving school asks for a student of another school of the province: the CCCD or MOET
 * code and the date of birth, both from the family's papers (the server answers a mismatch like
 * an unknown pupil, and limits the lookups per hour).
 */
export function RequestDialog({ schoolId, onClose }: { schoolId: string; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const request = useMutation({
    mutationFn: (v: {
      cccd?: string;
      moetCode?: string;
      dateOfBirth: dayjs.Dayjs;
      classId: string;
      transferOn: dayjs.Dayjs;
      reason?: string;
      documentsNote?: string;
    }) =>
      requestTransfer({
        body: {
          schoolId,
          classId: v.classId,
          ...(v.cccd ? { cccd: v.cccd } : {}),
          ...(v.moetCode ? { moetCode: v.moetCode } : {}),
          dateOfBirth: iso(v.dateOfBirth),
          transferOn: iso(v.transferOn),
          reason: v.reason,
          documentsNote: v.documentsNote,
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: transferKeys.all });
      message.success(t('transfers.requested'));
      onClose();
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  return (
    <Modal
      open
      title={t('transfers.requestTitle')}
      okText={t('transfers.start.submit')}
      cancelText={t('transfers.no')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={request.isPending}
      width={640}
    >
      <p>{t('transfers.requestHint')}</p>
      {request.isError && <Alert type="error" showIcon title={request.error.message} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ transferOn: dayjs(todayIso()) }} onFinish={(v) => request.mutate(v)}>
        <Form.Item name="cccd" label={t('transfers.student.cccd')}>
          <Input maxLength={20} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="moetCode" label={t('transfers.student.moetCode')}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="dateOfBirth"
          label={t('transfers.student.dateOfBirth')}
          rules={[{ required: true, message: t('transfers.birthRequired') }]}
        >
          <DatePicker format={dateFormat} placeholder="dd/mm/yyyy" />
        </Form.Item>
        <Form.Item name="classId" label={t('transfers.col.class')} rules={[{ required: true, message: t('transfers.pickClass') }]}>
          <ClassPicker schoolId={schoolId} />
        </Form.Item>
        <TransferDetailsFields />
      </Form>
    </Modal>
  );
}

/** A student arriving from another province: found by CCCD/MOET code or created, and enrolled. */
export function FromOtherProvinceDialog({ schoolId, onClose }: { schoolId: string; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const receive = useMutation({
    mutationFn: (v: {
      fullName: string;
      sex: 'male' | 'female';
      dateOfBirth: dayjs.Dayjs;
      cccd?: string;
      moetCode?: string;
      classId: string;
      transferOn: dayjs.Dayjs;
      otherProvince: string;
      otherSchoolName?: string;
      reason?: string;
      documentsNote?: string;
    }) =>
      admitFromOtherProvince({
        body: {
          schoolId,
          classId: v.classId,
          transferOn: iso(v.transferOn),
          otherProvince: v.otherProvince,
          otherSchoolName: v.otherSchoolName,
          reason: v.reason,
          documentsNote: v.documentsNote,
          student: {
            fullName: v.fullName,
            sex: v.sex,
            dateOfBirth: iso(v.dateOfBirth),
            cccd: v.cccd || null,
            moetCode: v.moetCode || null,
          },
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['registry'] });
      message.success(t('transfers.received'));
      onClose();
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  return (
    <Modal
      open
      title={t('transfers.fromOtherTitle')}
      okText={t('transfers.accept')}
      cancelText={t('transfers.no')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={receive.isPending}
      width={680}
    >
      <p>{t('transfers.fromOtherHint')}</p>
      {receive.isError && <Alert type="error" showIcon title={receive.error.message} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ transferOn: dayjs(todayIso()), sex: 'male' }}
        onFinish={(v) => receive.mutate(v)}
      >
        <Form.Item name="fullName" label={t('transfers.student.fullName')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="sex" label={t('transfers.student.sex')}>
          <Radio.Group
            options={[
              { value: 'male', label: t('transfers.student.male') },
              { value: 'female', label: t('transfers.student.female') },
            ]}
          />
        </Form.Item>
        <Form.Item name="dateOfBirth" label={t('transfers.student.dateOfBirth')} rules={[{ required: true }]}>
          <DatePicker format={dateFormat} />
        </Form.Item>
        <Form.Item name="cccd" label={t('transfers.student.cccd')}>
          <Input maxLength={20} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="moetCode" label={t('transfers.student.moetCode')}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="otherProvince" label={t('transfers.start.province')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="otherSchoolName" label={t('transfers.start.otherSchool')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="classId" label={t('transfers.col.class')} rules={[{ required: true, message: t('transfers.pickClass') }]}>
          <ClassPicker schoolId={schoolId} />
        </Form.Item>
        <TransferDetailsFields />
      </Form>
    </Modal>
  );
}

export const describeStudent = (tr: Transfer, t: (k: string, o?: Record<string, unknown>) => string) =>
  [
    t('transfers.bornOn', { date: formatDate(tr.student.dateOfBirth) }),
    tr.fromGradeNo ? t('transfers.gradeFrom', { grade: tr.fromGradeNo }) : null,
  ]
    .filter(Boolean)
    .join(', ');

/** The date, reason and documents every kind of transfer records. */
function TransferDetailsFields() {
  const { t } = useTranslation('registry');
  return (
    <>
      <Form.Item name="transferOn" label={t('transfers.start.date')} rules={[{ required: true }]}>
        <DatePicker format={dateFormat} aria-label={t('transfers.start.date')} />
      </Form.Item>
      <Form.Item name="reason" label={t('transfers.start.reason')}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="documentsNote" label={t('transfers.start.documents')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </>
  );
}
