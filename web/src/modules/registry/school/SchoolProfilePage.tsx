import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiProblem } from '../../../api/client.ts';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format.ts';
import { useCommunes } from '../../../api/shell.ts';
import { placeFieldErrors } from '../../../lib/form-errors.ts';
import { SchoolHeader } from './SchoolHeader.tsx';
import {
  createSite,
  deleteSite,
  difficultAreas,
  nationalStandards,
  saveProfile,
  schoolKeys,
  type SchoolProfile,
  type SchoolSite,
  updateSite,
  useSchoolProfile,
} from './api.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** The school profile (hồ sơ trường): org facts read-only, the profile fields, the satellite sites. */
export default function SchoolProfilePage() {
  const { unitId = '' } = useParams();
  const { t } = useTranslation('registry');
  const profile = useSchoolProfile(unitId);
  const [editing, setEditing] = useState(false);
  if (profile.isPending) return <LoadingState />;
  if (profile.isError) {
    if (isApiProblem(profile.error) && profile.error.status === 404) {
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
    return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  }
  const p = profile.data;
  const s = p.school;
  return (
    <>
      <SchoolHeader unitId={unitId} name={s.name} active="profile" />
      <Card title={t('school.org.title')} size="small" extra={<Link to={`/org/units/${s.id}`}>{t('school.org.editInTree')}</Link>}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('school.org.code')}>{s.code}</Descriptions.Item>
          <Descriptions.Item label={t('school.org.level')}>
            {s.schoolLevel ? t(`common:schoolLevel.${s.schoolLevel}`) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('school.org.ownership')}>
            {s.ownership ? t(`common:ownership.${s.ownership}`) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('school.org.commune')}>{s.communeName ?? s.communeCode ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('school.profile.general')}
        style={{ marginTop: 16 }}
        extra={
          p.abilities.update &&
          !editing && (
            <Button type="primary" onClick={() => setEditing(true)}>
              {t('school.edit')}
            </Button>
          )
        }
      >
        {!p.abilities.update && <Alert type="info" title={t('school.readOnly')} style={{ marginBottom: 12 }} />}
        {editing ? <ProfileForm profile={p} onDone={() => setEditing(false)} /> : <ProfileView profile={p} />}
      </Card>
      <Sites profile={p} />
    </>
  );
}

function ProfileView({ profile: p }: { profile: SchoolProfile }) {
  const { t } = useTranslation('registry');
  return (
    <>
      {p.version === 0 && <Alert type="warning" title={t('school.profile.empty')} style={{ marginBottom: 12 }} />}
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label={t('school.profile.address')} span={2}>
          {dash(p.address)}
        </Descriptions.Item>
        <Descriptions.Item label={t('school.profile.difficultArea')}>{t(`school.difficultArea.${p.difficultArea}`)}</Descriptions.Item>
        <Descriptions.Item label={t('school.profile.sessionsPerDay')}>
          {p.sessionsPerDay ? t('school.profile.sessions', { n: p.sessionsPerDay }) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('school.profile.nationalStandard')}>
          {t(`school.nationalStandard.${p.nationalStandard}`)}
          {p.nationalStandardOn ? ` (${formatDate(p.nationalStandardOn)})` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('school.profile.accreditation')}>
          {p.accreditationLevel
            ? `${t('school.profile.level', { n: p.accreditationLevel })}${p.accreditedOn ? ` (${formatDate(p.accreditedOn)})` : ''}`
            : t('school.profile.notAccredited')}
        </Descriptions.Item>
        <Descriptions.Item label={t('school.profile.principal')}>{dash(p.principalName)}</Descriptions.Item>
        <Descriptions.Item label={t('school.profile.foundedYear')}>{dash(p.foundedYear)}</Descriptions.Item>
        <Descriptions.Item label={t('school.profile.phone')}>{dash(p.phone)}</Descriptions.Item>
        <Descriptions.Item label={t('school.profile.email')}>{dash(p.email)}</Descriptions.Item>
        <Descriptions.Item label={t('school.profile.website')} span={2}>
          {p.website ? (
            <a href={p.website} target="_blank" rel="noopener noreferrer">
              {p.website}
            </a>
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>
      {p.updatedAt && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('school.updatedAt', { at: formatDateTime(p.updatedAt) })}
        </Typography.Text>
      )}
    </>
  );
}

interface ProfileValues {
  address?: string;
  difficultArea: string;
  nationalStandard: string;
  nationalStandardOn?: Dayjs | null;
  accreditationLevel: number;
  accreditedOn?: Dayjs | null;
  principalMode: 'account' | 'typed';
  principalUserId?: string | null;
  principalName?: string;
  phone?: string;
  email?: string;
  website?: string;
  sessionsPerDay?: number | null;
  foundedYear?: number | null;
}
const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const textOrNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

function ProfileForm({ profile: p, onDone }: { profile: SchoolProfile; onDone: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProfileValues>();
  const [error, setError] = useState<unknown>(null);
  const mode = Form.useWatch('principalMode', form);
  const standard = Form.useWatch('nationalStandard', form);
  const accreditation = Form.useWatch('accreditationLevel', form);
  const save = useMutation({
    mutationFn: (v: ProfileValues) =>
      saveProfile({
        params: { path: { unitId: p.school.id } },
        body: {
          version: p.version,
          address: textOrNull(v.address),
          difficultArea: v.difficultArea as 'none',
          nationalStandard: v.nationalStandard as 'chua_dat',
          nationalStandardOn: v.nationalStandard === 'chua_dat' ? null : iso(v.nationalStandardOn),
          accreditationLevel: v.accreditationLevel || null,
          accreditedOn: v.accreditationLevel ? iso(v.accreditedOn) : null,
          principalUserId: v.principalMode === 'account' ? (v.principalUserId ?? null) : null,
          principalName: v.principalMode === 'typed' ? textOrNull(v.principalName) : null,
          phone: textOrNull(v.phone),
          email: textOrNull(v.email),
          website: textOrNull(v.website),
          sessionsPerDay: (v.sessionsPerDay ?? null) as 1 | 2 | null,
          foundedYear: v.foundedYear ?? null,
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: schoolKeys.profile(p.school.id) });
      message.success(t('school.saved'));
      onDone();
    },
    onError: (err) => {
      setError(err);
      placeFieldErrors(form, err);
    },
  });
  return (
    <Form<ProfileValues>
      form={form}
      layout="vertical"
      onFinish={(v) => save.mutate(v)}
      onValuesChange={(changed) => form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof ProfileValues, errors: [] })))}
      initialValues={{
        address: p.address ?? '',
        difficultArea: p.difficultArea,
        nationalStandard: p.nationalStandard,
        nationalStandardOn: p.nationalStandardOn ? dayjs(p.nationalStandardOn) : null,
        accreditationLevel: p.accreditationLevel ?? 0,
        accreditedOn: p.accreditedOn ? dayjs(p.accreditedOn) : null,
        principalMode: p.principalUserId || (!p.principalName && p.principalCandidates.length) ? 'account' : 'typed',
        principalUserId: p.principalUserId,
        principalName: p.principalUserId ? '' : (p.principalName ?? ''),
        phone: p.phone ?? '',
        email: p.email ?? '',
        website: p.website ?? '',
        sessionsPerDay: p.sessionsPerDay,
        foundedYear: p.foundedYear,
      }}
    >
      <ProblemAlert error={error} onlyIfNoFields />
      <Form.Item name="address" label={t('school.profile.address')}>
        <Input maxLength={300} />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="difficultArea" label={t('school.profile.difficultArea')} style={{ minWidth: 240 }}>
          <Select options={difficultAreas.map((a) => ({ value: a, label: t(`school.difficultArea.${a}`) }))} />
        </Form.Item>
        <Form.Item name="sessionsPerDay" label={t('school.profile.sessionsPerDay')}>
          <Radio.Group options={[1, 2].map((n) => ({ value: n, label: t('school.profile.sessions', { n }) }))} />
        </Form.Item>
        <Form.Item name="foundedYear" label={t('school.profile.foundedYear')}>
          <InputNumber min={1800} max={2100} />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item name="nationalStandard" label={t('school.profile.nationalStandard')} style={{ minWidth: 200 }}>
          <Select options={nationalStandards.map((a) => ({ value: a, label: t(`school.nationalStandard.${a}`) }))} />
        </Form.Item>
        {standard !== 'chua_dat' && (
          <Form.Item
            name="nationalStandardOn"
            label={t('school.profile.nationalStandardOn')}
            rules={[{ required: true, message: t('school.profile.nationalStandardOn') }]}
          >
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        )}
        <Form.Item name="accreditationLevel" label={t('school.profile.accreditation')} style={{ minWidth: 200 }}>
          <Select
            options={[
              { value: 0, label: t('school.profile.notAccredited') },
              ...[1, 2, 3, 4].map((n) => ({ value: n, label: t('school.profile.level', { n }) })),
            ]}
          />
        </Form.Item>
        {!!accreditation && (
          <Form.Item
            name="accreditedOn"
            label={t('school.profile.accreditedOn')}
            rules={[{ required: true, message: t('school.profile.accreditedOn') }]}
          >
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        )}
      </Flex>
      <Form.Item name="principalMode" label={t('school.profile.principalMode')}>
        <Radio.Group
          options={[
            { value: 'account', label: t('school.profile.principalAccount') },
            { value: 'typed', label: t('school.profile.principalTyped') },
          ]}
        />
      </Form.Item>
      {mode === 'account' ? (
        <Form.Item name="principalUserId" label={t('school.profile.principal')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('school.profile.principalPick')}
            options={p.principalCandidates.map((c) => ({ value: c.id, label: `${c.displayName} (${c.username})` }))}
          />
        </Form.Item>
      ) : (
        <Form.Item name="principalName" label={t('school.profile.principal')}>
          <Input maxLength={120} />
        </Form.Item>
      )}
      <Flex gap={16} wrap>
        <Form.Item name="phone" label={t('school.profile.phone')} extra={t('school.profile.phoneHint')}>
          <Input inputMode="tel" maxLength={30} />
        </Form.Item>
        <Form.Item name="email" label={t('school.profile.email')}>
          <Input type="email" maxLength={254} />
        </Form.Item>
        <Form.Item name="website" label={t('school.profile.website')}>
          <Input maxLength={200} />
        </Form.Item>
      </Flex>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('school.save')}
        </Button>
        <Button onClick={onDone}>{t('school.cancel')}</Button>
      </Space>
    </Form>
  );
}

interface SiteValues {
  name: string;
  address?: string;
  communeCode?: string | null;
  classCount: number;
  studentCount: number;
}

function Sites({ profile: p }: { profile: SchoolProfile }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const communes = useCommunes();
  const [form] = Form.useForm<SiteValues>();
  const [open, setOpen] = useState<SchoolSite | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const unitId = p.school.id;
  const refresh = async () => queryClient.invalidateQueries({ queryKey: schoolKeys.profile(unitId) });
  const save = useMutation({
    mutationFn: (v: SiteValues) => {
      const body = {
        name: v.name,
        address: textOrNull(v.address),
        communeCode: v.communeCode ?? null,
        classCount: v.classCount ?? 0,
        studentCount: v.studentCount ?? 0,
      };
      return open === 'new' || !open
        ? createSite({ params: { path: { unitId } }, body })
        : updateSite({
            params: { path: { unitId, siteId: open.id } },
            body: { ...body, version: open.version },
          });
    },
    onSuccess: async () => {
      await refresh();
      message.success(t('school.saved'));
      setOpen(null);
      setError(null);
    },
    onError: (err) => {
      setError(err);
      placeFieldErrors(form, err);
    },
  });
  const remove = useMutation({
    mutationFn: (s: SchoolSite) =>
      deleteSite({
        params: { path: { unitId, siteId: s.id } },
        body: { version: s.version },
      }),
    onSuccess: async () => {
      await refresh();
      message.success(t('school.saved'));
    },
    onError: (err) => message.error(isApiProblem(err) ? err.title : String(err)),
  });
  const totals = p.sites.reduce((a, s) => ({ classes: a.classes + s.classCount, students: a.students + s.studentCount }), {
    classes: 0,
    students: 0,
  });
  return (
    <Card
      title={t('school.sites.title')}
      style={{ marginTop: 16 }}
      extra={
        p.abilities.update && (
          <Button
            onClick={() => {
              setError(null);
              form.resetFields();
              setOpen('new');
            }}
          >
            {t('school.sites.add')}
          </Button>
        )
      }
    >
      <Table<SchoolSite>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={p.sites}
        locale={{ emptyText: t('school.sites.empty') }}
        columns={[
          { title: t('school.sites.name'), dataIndex: 'name' },
          { title: t('school.sites.address'), dataIndex: 'address', render: (v: string | null) => dash(v) },
          { title: t('school.sites.commune'), dataIndex: 'communeName', render: (v: string | null) => dash(v) },
          { title: t('school.sites.classes'), dataIndex: 'classCount', align: 'right', render: (v: number) => formatNumber(v) },
          { title: t('school.sites.students'), dataIndex: 'studentCount', align: 'right', render: (v: number) => formatNumber(v) },
          ...(p.abilities.update
            ? [
                {
                  key: 'actions',
                  title: '',
                  render: (_: unknown, s: SchoolSite) => (
                    <Space>
                      <Button
                        size="small"
                        onClick={() => {
                          setError(null);
                          setOpen(s);
                        }}
                      >
                        {t('school.edit')}
                      </Button>
                      <Popconfirm
                        title={t('school.sites.confirmDelete', { name: s.name })}
                        onConfirm={() => remove.mutate(s)}
                        okText={t('school.sites.delete')}
                        cancelText={t('school.cancel')}
                      >
                        <Button size="small" danger>
                          {t('school.sites.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
        summary={() =>
          p.sites.length > 1 && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}>
                {t('school.sites.total')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {formatNumber(totals.classes)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {formatNumber(totals.students)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )
        }
      />
      {open && (
        <Modal
          open
          title={open === 'new' ? t('school.sites.add') : t('school.sites.edit')}
          okText={t('school.save')}
          cancelText={t('school.cancel')}
          onCancel={() => setOpen(null)}
          onOk={() => form.submit()}
          confirmLoading={save.isPending}
          destroyOnHidden
        >
          <ProblemAlert error={error} onlyIfNoFields />
          <Form<SiteValues>
            form={form}
            layout="vertical"
            preserve={false}
            onFinish={(v) => save.mutate(v)}
            initialValues={
              open === 'new'
                ? { classCount: 0, studentCount: 0, communeCode: p.school.communeCode }
                : {
                    name: open.name,
                    address: open.address ?? '',
                    communeCode: open.communeCode,
                    classCount: open.classCount,
                    studentCount: open.studentCount,
                  }
            }
          >
            <Form.Item name="name" label={t('school.sites.name')} rules={[{ required: true, message: t('school.sites.name') }]}>
              <Input maxLength={120} />
            </Form.Item>
            <Form.Item name="address" label={t('school.sites.address')}>
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item name="communeCode" label={t('school.sites.commune')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={communes.isPending}
                options={communes.data?.items.map((c) => ({ value: c.code, label: c.fullName }))}
              />
            </Form.Item>
            <Flex gap={16}>
              <Form.Item name="classCount" label={t('school.sites.classes')}>
                <InputNumber min={0} max={500} precision={0} />
              </Form.Item>
              <Form.Item name="studentCount" label={t('school.sites.students')}>
                <InputNumber min={0} max={20000} precision={0} />
              </Form.Item>
            </Flex>
          </Form>
        </Modal>
      )}
    </Card>
  );
}
