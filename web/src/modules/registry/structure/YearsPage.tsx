import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiProblem } from '../../../api/client.ts';
import { LoadingState } from '../../../components/states.tsx';
import { formatDate } from '../../../lib/format.ts';
import { NoSchool, SchoolPicker } from './SchoolPicker.tsx';
import { YearStatusTag } from './shared.tsx';
import { placeFieldErrors } from '../../../lib/form-errors.ts';
import { createYear, openNextYear, type SchoolYear, updateYear, useSchoolId, useStructure } from './api.ts';
import { currentStartYear } from '../../../lib/school-year.ts';

type Mode = { kind: 'create' } | { kind: 'edit'; year: SchoolYear } | { kind: 'next'; from: SchoolYear };

/** School years and their terms (the calendar), editable per year; opening the next year from the last. */
export default function YearsPage() {
  const { t } = useTranslation('registry');
  const [params] = useSearchParams();
  const schoolId = useSchoolId(params);
  const q = useStructure(schoolId);
  const [mode, setMode] = useState<Mode | null>(null);
  if (!schoolId) return <NoSchool />;
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <NoSchool error={q.error} onRetry={q.refetch} />;
  const { years, abilities, school } = q.data;
  const hasYear = (startYear: number) => years.some((y) => y.startYear === startYear);
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('structure.years.title')}
        </Typography.Title>
        <Space wrap>
          {params.get('schoolId') && <SchoolPicker current={school.name} />}
          {abilities.writeStructure && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setMode({ kind: 'create' })}>
              {t('structure.years.create')}
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('structure.years.intro', { school: school.name })}</Typography.Paragraph>
      <Card>
        <Table<SchoolYear>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={years}
          locale={{ emptyText: t('structure.years.empty') }}
          columns={[
            {
              title: t('structure.year.label'),
              dataIndex: 'name',
              render: (v: string, y) => (
                <Typography.Text strong>
                  {v}
                  {y.provinceWide ? ` (${t('structure.years.provinceWide')})` : ''}
                </Typography.Text>
              ),
            },
            { title: t('structure.year.startsOn'), dataIndex: 'startsOn', render: (v: string) => formatDate(v) },
            { title: t('structure.year.endsOn'), dataIndex: 'endsOn', render: (v: string) => formatDate(v) },
            {
              title: t('structure.year.statusLabel'),
              dataIndex: 'status',
              render: (v: SchoolYear['status']) => <YearStatusTag status={v} />,
            },
            {
              title: t('structure.year.terms'),
              dataIndex: 'terms',
              render: (terms: SchoolYear['terms']) => (
                <Space orientation="vertical" size={0}>
                  {terms.map((x) => (
                    <span key={x.id}>
                      {x.name}: {formatDate(x.startsOn)} – {formatDate(x.endsOn)}
                    </span>
                  ))}
                </Space>
              ),
            },
            {
              title: t('structure.actions'),
              key: 'actions',
              render: (_: unknown, y) => (
                <Space wrap>
                  {y.abilities.update && (
                    <Button size="small" onClick={() => setMode({ kind: 'edit', year: y })}>
                      {t('structure.edit')}
                    </Button>
                  )}
                  {abilities.writeStructure && !hasYear(y.startYear + 1) && (
                    <Button size="small" type="primary" ghost onClick={() => setMode({ kind: 'next', from: y })}>
                      {t('structure.years.openNext', { name: `${y.startYear + 1}–${y.startYear + 2}` })}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {mode && <YearDialog schoolId={schoolId} mode={mode} onClose={() => setMode(null)} />}
    </>
  );
}

interface TermValues {
  name: string;
  startsOn: Dayjs;
  endsOn: Dayjs;
}
interface YearValues {
  startYear: number;
  startsOn: Dayjs;
  endsOn: Dayjs;
  status: SchoolYear['status'];
  terms: TermValues[];
  keepHomeroom: boolean;
  promoteStudents: boolean;
}

const iso = (d: Dayjs) => d.format('YYYY-MM-DD');

/** The usual MOET frame for a year starting in `y`: 5 Sept – 31 May, two terms split in mid-January. */
function defaultsFor(y: number): Pick<YearValues, 'startsOn' | 'endsOn' | 'terms'> {
  return {
    startsOn: dayjs(`${y}-09-05`),
    endsOn: dayjs(`${y + 1}-05-31`),
    terms: [
      { name: 'Học kì I', startsOn: dayjs(`${y}-09-05`), endsOn: dayjs(`${y + 1}-01-16`) },
      { name: 'Học kì II', startsOn: dayjs(`${y + 1}-01-18`), endsOn: dayjs(`${y + 1}-05-31`) },
    ],
  };
}

function YearDialog({ schoolId, mode, onClose }: { schoolId: string; mode: Mode; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<YearValues>();
  const thisYear = currentStartYear();
  const initial: Partial<YearValues> =
    mode.kind === 'edit'
      ? {
          startYear: mode.year.startYear,
          startsOn: dayjs(mode.year.startsOn),
          endsOn: dayjs(mode.year.endsOn),
          status: mode.year.status,
          terms: mode.year.terms.map((x) => ({ name: x.name, startsOn: dayjs(x.startsOn), endsOn: dayjs(x.endsOn) })),
        }
      : mode.kind === 'next'
        ? {
            startYear: mode.from.startYear + 1,
            status: 'planned',
            keepHomeroom: true,
            promoteStudents: true,
            ...defaultsFor(mode.from.startYear + 1),
          }
        : { startYear: thisYear, status: 'current', ...defaultsFor(thisYear) };
  const save = useMutation({
    mutationFn: async (v: YearValues) => {
      const terms = v.terms.map((x, i) => ({ no: i + 1, name: x.name.trim(), startsOn: iso(x.startsOn), endsOn: iso(x.endsOn) }));
      if (mode.kind === 'edit') {
        return updateYear({
          params: { path: { id: mode.year.id } },
          body: { version: mode.year.version, startsOn: iso(v.startsOn), endsOn: iso(v.endsOn), status: v.status, terms },
        });
      }
      if (mode.kind === 'next') {
        const res = await openNextYear({
          params: { path: { schoolId, yearId: mode.from.id } },
          body: {
            startsOn: iso(v.startsOn),
            endsOn: iso(v.endsOn),
            status: v.status === 'current' ? 'current' : 'planned',
            terms,
            keepHomeroom: v.keepHomeroom,
            promoteStudents: v.promoteStudents,
          },
        });
        message.success(t('structure.years.opened', res.counts));
        return res;
      }
      return createYear({
        params: { path: { schoolId } },
        body: { startYear: v.startYear, startsOn: iso(v.startsOn), endsOn: iso(v.endsOn), status: v.status, terms },
      });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['registry'] });
      if (mode.kind !== 'next') message.success(t('structure.saved'));
      onClose();
    },
    onError: (err) => placeFieldErrors(form, err),
  });
  const problem = save.error && isApiProblem(save.error) ? save.error : null;
  const title =
    mode.kind === 'edit'
      ? t('structure.years.edit', { name: mode.year.name })
      : mode.kind === 'next'
        ? t('structure.years.openNextTitle', { name: mode.from.name })
        : t('structure.years.create');
  return (
    <Modal
      open
      title={title}
      width={720}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      cancelText={t('structure.cancel')}
      destroyOnHidden
    >
      {mode.kind === 'next' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('structure.years.nextIntro')} />}
      {problem && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={problem.message}
          description={problem.errors.length > 0 ? problem.errors.map((e) => e.message).join(' ') : undefined}
        />
      )}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Space wrap align="start">
          <Form.Item name="startYear" label={t('structure.year.startYear')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} disabled={mode.kind !== 'create'} />
          </Form.Item>
          <Form.Item name="startsOn" label={t('structure.year.startsOn')} rules={[{ required: true, message: t('structure.required') }]}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="endsOn" label={t('structure.year.endsOn')} rules={[{ required: true, message: t('structure.required') }]}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="status" label={t('structure.year.statusLabel')}>
            <Select
              style={{ width: 160 }}
              options={(mode.kind === 'next' ? ['planned', 'current'] : ['planned', 'current', 'closed']).map((s) => ({
                value: s,
                label: t(`structure.year.status.${s}`),
              }))}
            />
          </Form.Item>
        </Space>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('structure.year.terms')}
        </Typography.Title>
        <Form.List name="terms">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item
                    name={[f.name, 'name']}
                    label={t('structure.term.name')}
                    rules={[{ required: true, message: t('structure.required') }]}
                  >
                    <Input style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'startsOn']}
                    label={t('structure.term.startsOn')}
                    rules={[{ required: true, message: t('structure.required') }]}
                  >
                    <DatePicker format="DD/MM/YYYY" />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'endsOn']}
                    label={t('structure.term.endsOn')}
                    rules={[{ required: true, message: t('structure.required') }]}
                  >
                    <DatePicker format="DD/MM/YYYY" />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button style={{ marginTop: 30 }} onClick={() => remove(f.name)} aria-label={t('structure.term.remove', { no: i + 1 })}>
                      {t('structure.term.removeShort')}
                    </Button>
                  )}
                </Space>
              ))}
              {fields.length < 4 && <Button onClick={() => add({ name: `Học kì ${fields.length + 1}` })}>{t('structure.term.add')}</Button>}
            </>
          )}
        </Form.List>
        {mode.kind === 'next' && (
          <div style={{ marginTop: 16 }}>
            <Form.Item name="promoteStudents" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox>{t('structure.years.promoteStudents')}</Checkbox>
            </Form.Item>
            <Form.Item name="keepHomeroom" valuePropName="checked">
              <Checkbox>{t('structure.years.keepHomeroom')}</Checkbox>
            </Form.Item>
          </div>
        )}
      </Form>
    </Modal>
  );
}
