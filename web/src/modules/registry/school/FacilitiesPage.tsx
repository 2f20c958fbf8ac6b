import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiProblem } from '../../../api/client.ts';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { type DisplayLanguage, formatDateTime, formatNumber } from '../../../lib/format.ts';
import { FacilitiesImportDialog } from './FacilitiesImportDialog.tsx';
import { placeFieldErrors } from '../../../lib/form-errors.ts';
import { currentStartYear } from '../../../lib/school-year.ts';
import { useDisplayLanguage } from '../../../lib/language.ts';
import { SchoolHeader } from './SchoolHeader.tsx';
import {
  internetKinds,
  libraryStandards,
  roomKinds,
  saveFacilities,
  type SchoolFacilities,
  useFacilities,
  useFacilityYears,
} from './api.ts';

const area = (v: string | null, lang: DisplayLanguage) => (v === null ? '—' : formatNumber(Number(v), lang));

/** Facilities (cơ sở vật chất) of a school for one school year: totals, grouped sections, an edit form. */
export default function FacilitiesPage() {
  const { unitId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation('registry');
  const years = useFacilityYears(unitId);
  const wanted = Number(params.get('year')) || undefined;
  const options = years.data ? [...new Set([...years.data.years.map((y) => y.startYear), currentStartYear()])].sort((a, b) => b - a) : [];
  const year = wanted ?? (years.data ? (years.data.years.find((y) => y.recorded)?.startYear ?? currentStartYear()) : undefined);
  const facilities = useFacilities(unitId, year);
  const [editing, setEditing] = useState(false);
  const [importing, setImporting] = useState(false);
  if (years.isPending) return <LoadingState />;
  if (years.isError) {
    if (isApiProblem(years.error) && years.error.status === 404) {
      return (
        <Result
          status="info"
          title={t('school.notSchool')}
          extra={
            <Link to="/org">
              <Button type="primary">{t('school.openOrgTree')}</Button>
            </Link>
          }
        />
      );
    }
    return <ErrorState error={years.error} onRetry={() => void years.refetch()} />;
  }
  const y = years.data;
  return (
    <>
      <SchoolHeader unitId={unitId} name={y.school.name} active="facilities" />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Space>
          <Typography.Text strong>{t('school.facilities.year')}</Typography.Text>
          <Select
            aria-label={t('school.facilities.year')}
            style={{ width: 160 }}
            value={year}
            onChange={(v) => {
              setEditing(false);
              setParams({ year: String(v) });
            }}
            options={options.map((s) => ({ value: s, label: `${s}–${s + 1}` }))}
          />
        </Space>
        {y.abilities.update && !editing && facilities.isSuccess && (
          <Space>
            <Button onClick={() => setImporting(true)}>{t('school.import.button')}</Button>
            <Button type="primary" onClick={() => setEditing(true)}>
              {t('school.edit')}
            </Button>
          </Space>
        )}
      </Flex>
      {!y.abilities.update && <Alert type="info" title={t('school.readOnly')} style={{ marginBottom: 12 }} />}
      {facilities.isPending ? (
        <LoadingState />
      ) : facilities.isError ? (
        <ErrorState error={facilities.error} onRetry={() => void facilities.refetch()} />
      ) : editing ? (
        <FacilitiesForm f={facilities.data} onDone={() => setEditing(false)} />
      ) : (
        <FacilitiesView f={facilities.data} />
      )}
      {importing && <FacilitiesImportDialog unitId={unitId} onClose={() => setImporting(false)} />}
    </>
  );
}

function FacilitiesView({ f }: { f: SchoolFacilities }) {
  const { t } = useTranslation('registry');
  const lang = useDisplayLanguage();
  const n = (v: number) => formatNumber(v, lang);
  const yesNo = (v: boolean) => (v ? t('school.yes') : t('school.no'));
  return (
    <>
      {f.version === 0 && <Alert type="warning" title={t('school.facilities.notRecorded')} style={{ marginBottom: 12 }} />}
      <Card title={t('school.facilities.totals')} size="small">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('school.facilities.classroomsTotal')} value={n(f.totals.classrooms)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('school.facilities.solidShare')}
              value={
                f.totals.solidShare === null
                  ? '—'
                  : `${formatNumber(Number(f.totals.solidShare), lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`
              }
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('school.facilities.subjectRoomsTotal')} value={n(f.totals.subjectRooms)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('school.facilities.computersTotal')} value={n(f.totals.computers)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('school.facilities.equipmentSetsTotal', { missing: n(f.totals.equipmentMissing) })}
              value={n(f.totals.equipmentSets)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('school.facilities.toiletsTotal')} value={n(f.totals.toilets)} />
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('school.facilities.classrooms')} size="small" style={{ marginTop: 16 }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('school.facilities.solid')}>{n(f.classroomsSolid)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.semiSolid')}>{n(f.classroomsSemiSolid)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.temporary')}>{n(f.classroomsTemporary)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.classroomsTotal')}>
                <strong>{n(f.totals.classrooms)}</strong>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('school.facilities.subjectRooms')} size="small" style={{ marginTop: 16 }}>
            <Table
              size="small"
              pagination={false}
              rowKey="kind"
              dataSource={f.subjectRooms}
              locale={{ emptyText: t('school.notRecorded') }}
              columns={[
                { title: t('school.facilities.roomKind'), dataIndex: 'kind', render: (k: string) => t(`school.roomKind.${k}`) },
                { title: t('school.facilities.count'), dataIndex: 'count', align: 'right', render: (v: number) => n(v) },
              ]}
            />
          </Card>
          <Card title={t('school.facilities.library')} size="small" style={{ marginTop: 16 }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('school.facilities.hasLibrary')}>{yesNo(f.hasLibrary)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.libraryStandard')}>
                {t(`school.libraryStandard.${f.libraryStandard}`)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('school.facilities.equipment')} size="small" style={{ marginTop: 16 }}>
            {f.grades.length === 0 ? (
              <Typography.Text type="secondary">{t('school.facilities.noGrades')}</Typography.Text>
            ) : (
              <Table
                size="small"
                pagination={false}
                rowKey="gradeNo"
                dataSource={f.grades.map((g) => f.equipmentSets.find((e) => e.gradeNo === g) ?? { gradeNo: g, sets: 0, missing: 0 })}
                columns={[
                  {
                    title: t('school.facilities.grade'),
                    dataIndex: 'gradeNo',
                    render: (g: number) => t('school.facilities.gradeN', { n: g }),
                  },
                  { title: t('school.facilities.sets'), dataIndex: 'sets', align: 'right', render: (v: number) => n(v) },
                  {
                    title: t('school.facilities.missing'),
                    dataIndex: 'missing',
                    align: 'right',
                    render: (v: number) => (v > 0 ? <Typography.Text type="danger">{n(v)}</Typography.Text> : n(v)),
                  },
                ]}
              />
            )}
          </Card>
          <Card title={t('school.facilities.it')} size="small" style={{ marginTop: 16 }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('school.facilities.computersTeaching')}>{n(f.computersTeaching)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.computersManagement')}>{n(f.computersManagement)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.internet')}>{t(`school.internet.${f.internet}`)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('school.facilities.sanitation')} size="small" style={{ marginTop: 16 }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('school.facilities.toiletsStudents')}>{n(f.toiletsStudents)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.toiletsStaff')}>{n(f.toiletsStaff)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.toiletsMeetStandard')}>{yesNo(f.toiletsMeetStandard)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.cleanWater')}>{yesNo(f.cleanWater)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('school.facilities.landHousing')} size="small" style={{ marginTop: 16 }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('school.facilities.teacherHousingRooms')}>{n(f.teacherHousingRooms)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.landArea')}>{area(f.landArea, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('school.facilities.playgroundArea')}>{area(f.playgroundArea, lang)}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
      {f.updatedAt && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('school.updatedAt', { at: formatDateTime(f.updatedAt) })}
        </Typography.Text>
      )}
    </>
  );
}

type Values = Omit<
  SchoolFacilities,
  | 'school'
  | 'startYear'
  | 'yearName'
  | 'totals'
  | 'grades'
  | 'version'
  | 'updatedAt'
  | 'abilities'
  | 'subjectRooms'
  | 'equipmentSets'
  | 'landArea'
  | 'playgroundArea'
> & {
  rooms: Record<string, number | null>;
  equipment: { gradeNo: number; sets: number | null; missing: number | null }[];
  landArea: string;
  playgroundArea: string;
};

function FacilitiesForm({ f, onDone }: { f: SchoolFacilities; onDone: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const lang = useDisplayLanguage();
  // Areas shown with the decimal mark of the language (12500,5 in Vietnamese); the server takes either.
  const showArea = (v: string | null) =>
    v === null ? '' : lang === 'vi' ? v.replace(/\.?0+$/, '').replace('.', ',') : v.replace(/\.?0+$/, '');
  const hasLibrary = Form.useWatch('hasLibrary', form);
  const save = useMutation({
    mutationFn: (v: Values) =>
      saveFacilities({
        params: { path: { unitId: f.school.id, startYear: String(f.startYear) } },
        body: {
          version: f.version,
          classroomsSolid: v.classroomsSolid ?? 0,
          classroomsSemiSolid: v.classroomsSemiSolid ?? 0,
          classroomsTemporary: v.classroomsTemporary ?? 0,
          subjectRooms: roomKinds.filter((k) => (v.rooms[k] ?? 0) > 0).map((k) => ({ kind: k, count: v.rooms[k] ?? 0 })),
          hasLibrary: !!v.hasLibrary,
          libraryStandard: v.hasLibrary ? v.libraryStandard : 'chua_dat',
          equipmentSets: (v.equipment ?? []).map((e) => ({ gradeNo: e.gradeNo, sets: e.sets ?? 0, missing: e.missing ?? 0 })),
          computersTeaching: v.computersTeaching ?? 0,
          computersManagement: v.computersManagement ?? 0,
          internet: v.internet,
          toiletsStudents: v.toiletsStudents ?? 0,
          toiletsStaff: v.toiletsStaff ?? 0,
          toiletsMeetStandard: !!v.toiletsMeetStandard,
          cleanWater: !!v.cleanWater,
          teacherHousingRooms: v.teacherHousingRooms ?? 0,
          landArea: v.landArea?.trim() ? v.landArea.trim() : null,
          playgroundArea: v.playgroundArea?.trim() ? v.playgroundArea.trim() : null,
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['registry', 'school', f.school.id] });
      message.success(t('school.saved'));
      onDone();
    },
    onError: (err) => {
      setError(err);
      // Rows of the lists live under other names in the form; a room kind twice cannot happen from this form.
      placeFieldErrors(form, err, {
        rename: (path) =>
          path[0] === 'equipmentSets' && typeof path[1] === 'number'
            ? ['equipment', path[1], path[2] === 'missing' ? 'missing' : 'sets']
            : path[0] === 'subjectRooms'
              ? null
              : path,
      });
    },
  });
  const count = (name: string | (string | number)[], label: string) => (
    <Form.Item name={name} label={label} rules={[{ type: 'integer', min: 0, message: label }]}>
      <InputNumber min={0} max={100000} precision={0} style={{ width: 140 }} />
    </Form.Item>
  );
  const areaRule = { pattern: /^\s*\d{1,10}([.,]\d{1,2})?\s*$/, message: t('school.facilities.areaHint') };
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(v) => save.mutate(v)}
      onValuesChange={(changed) => form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))}
      initialValues={{
        ...f,
        rooms: Object.fromEntries(roomKinds.map((k) => [k, f.subjectRooms.find((r) => r.kind === k)?.count ?? 0])),
        equipment: f.grades.map((g) => f.equipmentSets.find((e) => e.gradeNo === g) ?? { gradeNo: g, sets: 0, missing: 0 }),
        landArea: showArea(f.landArea),
        playgroundArea: showArea(f.playgroundArea),
      }}
    >
      {isApiProblem(error) && <Alert type="error" title={error.title} style={{ marginBottom: 12 }} />}
      <Card title={t('school.facilities.classrooms')} size="small">
        <Flex gap={16} wrap>
          {count('classroomsSolid', t('school.facilities.solid'))}
          {count('classroomsSemiSolid', t('school.facilities.semiSolid'))}
          {count('classroomsTemporary', t('school.facilities.temporary'))}
        </Flex>
      </Card>
      <Card title={t('school.facilities.subjectRooms')} size="small" style={{ marginTop: 16 }}>
        <Flex gap={16} wrap>
          {roomKinds.map((k) => (
            <div key={k}>{count(['rooms', k], t(`school.roomKind.${k}`))}</div>
          ))}
        </Flex>
      </Card>
      <Card title={t('school.facilities.library')} size="small" style={{ marginTop: 16 }}>
        <Flex gap={16} wrap align="end">
          <Form.Item name="hasLibrary" valuePropName="checked">
            <Checkbox>{t('school.facilities.hasLibrary')}</Checkbox>
          </Form.Item>
          <Form.Item name="libraryStandard" label={t('school.facilities.libraryStandard')} style={{ minWidth: 260 }}>
            <Select disabled={!hasLibrary} options={libraryStandards.map((s) => ({ value: s, label: t(`school.libraryStandard.${s}`) }))} />
          </Form.Item>
        </Flex>
      </Card>
      <Card title={t('school.facilities.equipment')} size="small" style={{ marginTop: 16 }}>
        {f.grades.length === 0 ? (
          <Typography.Text type="secondary">{t('school.facilities.noGrades')}</Typography.Text>
        ) : (
          <Form.List name="equipment">
            {(fields) =>
              fields.map((field, i) => (
                <Flex key={field.key} gap={16} align="center" wrap>
                  <Typography.Text strong style={{ width: 80 }}>
                    {t('school.facilities.gradeN', { n: f.grades[i] })}
                  </Typography.Text>
                  <Form.Item name={[field.name, 'gradeNo']} hidden>
                    <InputNumber />
                  </Form.Item>
                  {count([field.name, 'sets'], t('school.facilities.sets'))}
                  {count([field.name, 'missing'], t('school.facilities.missing'))}
                </Flex>
              ))
            }
          </Form.List>
        )}
      </Card>
      <Card title={t('school.facilities.it')} size="small" style={{ marginTop: 16 }}>
        <Flex gap={16} wrap>
          {count('computersTeaching', t('school.facilities.computersTeaching'))}
          {count('computersManagement', t('school.facilities.computersManagement'))}
          <Form.Item name="internet" label={t('school.facilities.internet')} style={{ minWidth: 220 }}>
            <Select options={internetKinds.map((k) => ({ value: k, label: t(`school.internet.${k}`) }))} />
          </Form.Item>
        </Flex>
      </Card>
      <Card title={t('school.facilities.sanitation')} size="small" style={{ marginTop: 16 }}>
        <Flex gap={16} wrap align="end">
          {count('toiletsStudents', t('school.facilities.toiletsStudents'))}
          {count('toiletsStaff', t('school.facilities.toiletsStaff'))}
          <Form.Item name="toiletsMeetStandard" valuePropName="checked">
            <Checkbox>{t('school.facilities.toiletsMeetStandard')}</Checkbox>
          </Form.Item>
          <Form.Item name="cleanWater" valuePropName="checked">
            <Checkbox>{t('school.facilities.cleanWater')}</Checkbox>
          </Form.Item>
        </Flex>
      </Card>
      <Card title={t('school.facilities.landHousing')} size="small" style={{ marginTop: 16 }}>
        <Flex gap={16} wrap>
          {count('teacherHousingRooms', t('school.facilities.teacherHousingRooms'))}
          <Form.Item name="landArea" label={t('school.facilities.landArea')} extra={t('school.facilities.areaHint')} rules={[areaRule]}>
            <Input inputMode="decimal" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name="playgroundArea"
            label={t('school.facilities.playgroundArea')}
            extra={t('school.facilities.areaHint')}
            rules={[areaRule]}
          >
            <Input inputMode="decimal" style={{ width: 180 }} />
          </Form.Item>
        </Flex>
      </Card>
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('school.save')}
        </Button>
        <Button onClick={onDone}>{t('school.cancel')}</Button>
      </Space>
    </Form>
  );
}
