import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, InputNumber, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiProblem } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { type ClassSummary, fetchSummary, finaliseClass, gradebookKeys, type RecordChange, saveRecords } from './api.ts';
import { useStudentColumns, useSubjectName, useValueLabel } from './shared.tsx';
import Tt27Summary from './Tt27Summary.tsx';
import { useUnsavedChangesGuard } from '../../app/unsaved.tsx';

type Row = ClassSummary['students'][number];
type Draft = Omit<RecordChange, 'studentId' | 'expectedVersion'>;
const LEVELS = ['T', 'K', 'D', 'CD'] as const;

/**
 * The class summary (bảng tổng hợp kết quả đánh giá): per term the subject results, the learning
 * level, conduct and absences the homeroom teacher records; for the year, the averages, levels,
 * promotion and titles, then finalisation. Students are listed in the class order, never ranked.
 */
export default function SummaryPage() {
  const { classId = '' } = useParams();
  const { t } = useTranslation('gradebook');
  const studentColumns = useStudentColumns<Row>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const subjectName = useSubjectName();
  const valueLabel = useValueLabel();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [termNo, setTermNo] = useState<'1' | '2' | 'year'>('1');
  const [banner, setBanner] = useState<string | null>(null);
  useUnsavedChangesGuard(Object.keys(drafts).length > 0);
  const q = useQuery({ queryKey: gradebookKeys.summary(classId), queryFn: () => fetchSummary(classId) });
  const refresh = () => qc.invalidateQueries({ queryKey: gradebookKeys.summary(classId) });
  const save = useMutation({
    mutationFn: (no: 1 | 2) =>
      saveRecords(
        classId,
        no,
        Object.entries(drafts).map(([studentId, d]) => {
          const current = q.data!.students.find((s) => s.id === studentId)!.terms[no];
          return { studentId, ...d, expectedVersion: current.version };
        }),
      ),
    onSuccess: () => {
      setDrafts({});
      refresh();
      message.success(t('summary.saved'));
    },
    onError: (err) => setBanner(isApiProblem(err) ? err.title : t('error')),
  });
  const finalise = useMutation({
    mutationFn: () => finaliseClass(classId),
    onSuccess: (r) => {
      refresh();
      message.success(t('summary.finalised', { count: r.students }));
    },
    onError: (err) => setBanner(isApiProblem(err) ? [err.title, ...err.errors.map((e) => e.message)].join(' ') : t('error')),
  });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  const d = q.data;
  const homeroom = d.abilities.homeroom && !d.abilities.finalised;
  const header = (
    <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('summary.heading', { name: d.class.name, year: d.class.yearName })}
      </Typography.Title>
      <Space>
        <Link to={`/gradebook/classes/${classId}`}>{t('back')}</Link>
        {d.abilities.finalised && (
          <Link to={`/gradebook/classes/${classId}/transcripts`}>
            <Button type="primary">{t('transcripts.title')}</Button>
          </Link>
        )}
      </Space>
    </Space>
  );
  // A primary class (TT 27): levels, tests, qualities and competences, overall result.
  if (d.tt27)
    return (
      <>
        {header}
        <Tt27Summary classId={classId} data={d} refresh={refresh} />
      </>
    );

  const termTable = (no: 1 | 2) => {
    const draftOf = (r: Row): Draft =>
      drafts[r.id] ?? {
        conduct: r.terms[no].conduct,
        absencesExcused: r.terms[no].absencesExcused,
        absencesUnexcused: r.terms[no].absencesUnexcused,
        comment: r.terms[no].comment,
      };
    const edit = (r: Row, patch: Partial<Draft>) => setDrafts({ ...drafts, [r.id]: { ...draftOf(r), ...patch } });
    return (
      <>
        {homeroom && (
          <Space style={{ marginBottom: 12 }}>
            <Button type="primary" disabled={Object.keys(drafts).length === 0} loading={save.isPending} onClick={() => save.mutate(no)}>
              {t('summary.saveTerm')}
            </Button>
            {Object.keys(drafts).length > 0 && <Button onClick={() => setDrafts({})}>{t('cancel')}</Button>}
          </Space>
        )}
        <Table<Row>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={d.students}
          columns={[
            ...studentColumns,
            ...d.subjects.map((s) => ({
              title: subjectName(s.code),
              key: s.code,
              render: (_: unknown, r: Row) => valueLabel(r.terms[no].subjects[s.code]) || '—',
            })),
            {
              title: t('summary.learning'),
              key: 'learning',
              render: (_: unknown, r: Row) =>
                r.terms[no].learning ? (
                  <Tag>{t(`level.${r.terms[no].learning.level}`)}</Tag>
                ) : (
                  <Typography.Text type="secondary">{t('summary.pending')}</Typography.Text>
                ),
            },
            {
              title: t('summary.conduct'),
              key: 'conduct',
              render: (_: unknown, r: Row) =>
                homeroom ? (
                  <Select
                    aria-label={t('summary.conductOf', { name: r.fullName })}
                    style={{ width: 120 }}
                    allowClear
                    value={draftOf(r).conduct ?? undefined}
                    onChange={(v) => edit(r, { conduct: v ?? null })}
                    options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
                  />
                ) : r.terms[no].conduct ? (
                  t(`level.${r.terms[no].conduct}`)
                ) : (
                  '—'
                ),
            },
            {
              title: t('summary.absencesExcused'),
              key: 'ae',
              render: (_: unknown, r: Row) =>
                homeroom ? (
                  <InputNumber
                    aria-label={t('summary.absencesExcusedOf', { name: r.fullName })}
                    min={0}
                    max={400}
                    style={{ width: 72 }}
                    value={draftOf(r).absencesExcused}
                    onChange={(v) => edit(r, { absencesExcused: v ?? 0 })}
                  />
                ) : (
                  r.terms[no].absencesExcused
                ),
            },
            {
              title: t('summary.absencesUnexcused'),
              key: 'au',
              render: (_: unknown, r: Row) =>
                homeroom ? (
                  <InputNumber
                    aria-label={t('summary.absencesUnexcusedOf', { name: r.fullName })}
                    min={0}
                    max={400}
                    style={{ width: 72 }}
                    value={draftOf(r).absencesUnexcused}
                    onChange={(v) => edit(r, { absencesUnexcused: v ?? 0 })}
                  />
                ) : (
                  r.terms[no].absencesUnexcused
                ),
            },
            {
              title: t('summary.comment'),
              key: 'comment',
              render: (_: unknown, r: Row) =>
                homeroom ? (
                  <Input
                    aria-label={t('summary.commentOf', { name: r.fullName })}
                    style={{ minWidth: 200 }}
                    value={draftOf(r).comment ?? ''}
                    onChange={(e) => edit(r, { comment: e.target.value })}
                  />
                ) : (
                  (r.terms[no].comment ?? '')
                ),
            },
          ]}
        />
      </>
    );
  };

  const yearTable = (
    <>
      {d.abilities.homeroom && (
        <Space style={{ marginBottom: 12 }}>
          <Popconfirm
            title={t('summary.finaliseConfirm')}
            onConfirm={() => finalise.mutate()}
            okText={t('summary.finalise')}
            cancelText={t('cancel')}
          >
            <Button type="primary" loading={finalise.isPending}>
              {d.abilities.finalised ? t('summary.refinalise') : t('summary.finalise')}
            </Button>
          </Popconfirm>
        </Space>
      )}
      {d.openSheets.length > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('summary.openSheets', { count: d.openSheets.length })} />
      )}
      <Table<Row>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={d.students}
        columns={[
          ...studentColumns,
          ...d.subjects.map((s) => ({
            title: subjectName(s.code),
            key: s.code,
            render: (_: unknown, r: Row) => valueLabel(r.year?.subjects[s.code]) || '—',
          })),
          { title: t('summary.learning'), key: 'l', render: (_: unknown, r: Row) => (r.year ? t(`level.${r.year.learning}`) : '—') },
          { title: t('summary.conduct'), key: 'c', render: (_: unknown, r: Row) => (r.year ? t(`level.${r.year.conduct}`) : '—') },
          {
            title: t('summary.outcome'),
            key: 'o',
            render: (_: unknown, r: Row) =>
              r.year ? (
                <Tag color={r.year.outcome === 'LL' ? 'green' : 'orange'}>{t(`outcome.${r.year.outcome}`)}</Tag>
              ) : (
                <Typography.Text type="secondary">{r.missing.slice(0, 3).join(', ')}</Typography.Text>
              ),
          },
          { title: t('summary.title'), key: 't', render: (_: unknown, r: Row) => (r.year?.title ? t(`title.${r.year.title}`) : '') },
          { title: t('summary.state'), key: 's', render: (_: unknown, r: Row) => (r.year ? t(`summary.status.${r.year.status}`) : '') },
        ]}
      />
    </>
  );

  return (
    <>
      {header}
      {banner && <Alert type="error" showIcon closable message={banner} onClose={() => setBanner(null)} style={{ marginBottom: 12 }} />}
      <Card>
        <Tabs
          activeKey={termNo}
          onChange={(k) => {
            setDrafts({});
            setTermNo(k as '1' | '2' | 'year');
          }}
          items={[
            { key: '1', label: t('summary.term', { no: 1 }), children: termTable(1) },
            { key: '2', label: t('summary.term', { no: 2 }), children: termTable(2) },
            { key: 'year', label: t('summary.year'), children: yearTable },
          ]}
        />
      </Card>
    </>
  );
}
