import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Input, InputNumber, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/client.ts';
import { useStudentColumns, useSubjectName, useValueLabel } from './shared.tsx';
import { Tt27StepsCell } from './Tt27Steps.tsx';
import { type ClassSummary, finaliseClass, type RecordChange, saveQuality, saveRecords, saveTt27Year } from './api.ts';
import { useUnsavedChangesGuard } from '../../app/unsaved.tsx';

type Row = ClassSummary['students'][number];
type Tt27Row = NonNullable<Row['tt27']>;
type Point = 'gk' | 'ck';
type QcLevel = 'T' | 'D' | 'C';
type Draft = { qualities: Record<string, QcLevel>; competences: Record<string, QcLevel> };
type RecordDraft = Pick<RecordChange, 'absencesExcused' | 'absencesUnexcused' | 'comment'>;
const QC_LEVELS: QcLevel[] = ['T', 'D', 'C'];

const saveQualities = (classId: string, termNo: 1 | 2, point: Point, changes: (Draft & { studentId: string; expectedVersion: number })[]) =>
  saveQuality({
    params: { path: { classId, termNo, point } },
    body: { changes },
  });
const saveSteps = (
  classId: string,
  studentId: string,
  body: { recognition: { outstandingSubject?: boolean; clearProgress?: boolean } | null },
) => saveTt27Year({ params: { path: { classId, studentId } }, body });

/**
 * The class summary of a primary class (TT 27, bảng tổng hợp kết quả đánh giá giáo dục): per term the
 * subject levels (HTT/HT/CHT) and periodic test scores; the qualities and competences (Tốt / Đạt /
 * Cần cố gắng) the homeroom teacher records at mid-term and end of term; the year's overall result,
 * award, completion and outcome, then finalisation. Students in class order, never ranked.
 */
export default function Tt27Summary({ classId, data, refresh }: { classId: string; data: ClassSummary; refresh: () => void }) {
  const { t } = useTranslation('gradebook');
  const studentColumns = useStudentColumns<Row>();
  const { message } = App.useApp();
  const subjectName = useSubjectName();
  const valueLabel = useValueLabel();
  const [tab, setTab] = useState<string>('qc');
  const [qcTerm, setQcTerm] = useState<1 | 2>(1);
  const [point, setPoint] = useState<Point>('ck');
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [records, setRecords] = useState<Record<string, RecordDraft>>({});
  const [banner, setBanner] = useState<string | null>(null);
  useUnsavedChangesGuard(Object.keys(drafts).length + Object.keys(records).length > 0);
  const tt27 = data.tt27!;
  const editable = data.abilities.homeroom && !data.abilities.finalised;
  const problem = (err: unknown) => setBanner(isApiProblem(err) ? [err.title, ...err.errors.map((e) => e.message)].join(' ') : t('error'));

  const stored = (r: Row, termNo: number, p: Point) => r.tt27?.assessments.find((a) => a.termNo === termNo && a.point === p);
  const draftOf = (r: Row): Draft => {
    const s = stored(r, qcTerm, point);
    return drafts[r.id] ?? { qualities: { ...(s?.qualities ?? {}) }, competences: { ...(s?.competences ?? {}) } };
  };
  const save = useMutation({
    mutationFn: () =>
      saveQualities(
        classId,
        qcTerm,
        point,
        Object.entries(drafts).map(([studentId, d]) => ({
          studentId,
          ...d,
          expectedVersion: stored(data.students.find((s) => s.id === studentId)!, qcTerm, point)?.version ?? 0,
        })),
      ),
    onSuccess: () => {
      setDrafts({});
      refresh();
      message.success(t('tt27.saved'));
    },
    onError: problem,
  });
  const saveTerm = useMutation({
    mutationFn: (no: 1 | 2) =>
      saveRecords(
        classId,
        no,
        Object.entries(records).map(([studentId, d]) => ({
          studentId,
          conduct: null,
          ...d,
          expectedVersion: data.students.find((s) => s.id === studentId)!.terms[no].version,
        })),
      ),
    onSuccess: () => {
      setRecords({});
      refresh();
      message.success(t('tt27.saved'));
    },
    onError: problem,
  });
  const finalise = useMutation({
    mutationFn: () => finaliseClass(classId),
    onSuccess: (r) => {
      refresh();
      message.success(t('summary.finalised', { count: r.students }));
    },
    onError: problem,
  });
  const recognise = useMutation({
    mutationFn: (v: { studentId: string; on: boolean }) =>
      saveSteps(classId, v.studentId, { recognition: v.on ? { outstandingSubject: true } : null }),
    onSuccess: () => {
      refresh();
      message.success(t('tt27.saved'));
    },
    onError: problem,
  });

  const testOf = (r: Row, code: string, key: string) => r.tt27?.tests[code]?.[key];
  const termTable = (no: 1 | 2) => {
    const recordOf = (r: Row): RecordDraft =>
      records[r.id] ?? {
        absencesExcused: r.terms[no].absencesExcused,
        absencesUnexcused: r.terms[no].absencesUnexcused,
        comment: r.terms[no].comment,
      };
    const edit = (r: Row, patch: Partial<RecordDraft>) => setRecords({ ...records, [r.id]: { ...recordOf(r), ...patch } });
    return (
      <>
        {editable && (
          <Space style={{ marginBottom: 12 }}>
            <Button
              type="primary"
              disabled={Object.keys(records).length === 0}
              loading={saveTerm.isPending}
              onClick={() => saveTerm.mutate(no)}
            >
              {t('summary.saveTerm')}
            </Button>
            {Object.keys(records).length > 0 && <Button onClick={() => setRecords({})}>{t('cancel')}</Button>}
          </Space>
        )}
        <Table<Row>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={data.students}
          columns={[
            ...studentColumns,
            ...data.subjects.map((s) => ({
              title: subjectName(s.code),
              key: s.code,
              render: (_: unknown, r: Row) => {
                const level = valueLabel(r.terms[no].subjects[s.code]) || '—';
                const test = tt27.testSubjects.endOfTerm.includes(s.code) ? testOf(r, s.code, `HK${no}:test`) : undefined;
                return test ? `${level} (${valueLabel(test)})` : level;
              },
            })),
            {
              title: t('summary.absencesExcused'),
              key: 'ae',
              render: (_: unknown, r: Row) =>
                editable ? (
                  <InputNumber
                    aria-label={t('summary.absencesExcusedOf', { name: r.fullName })}
                    min={0}
                    max={400}
                    style={{ width: 72 }}
                    value={recordOf(r).absencesExcused}
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
                editable ? (
                  <InputNumber
                    aria-label={t('summary.absencesUnexcusedOf', { name: r.fullName })}
                    min={0}
                    max={400}
                    style={{ width: 72 }}
                    value={recordOf(r).absencesUnexcused}
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
                editable ? (
                  <Input
                    aria-label={t('summary.commentOf', { name: r.fullName })}
                    style={{ minWidth: 200 }}
                    value={recordOf(r).comment ?? ''}
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

  const qcSelect = (r: Row, what: 'qualities' | 'competences', code: string, name: string) => {
    const value = draftOf(r)[what][code];
    if (!editable) return value ? t(`tt27.qc.${value}`) : '—';
    return (
      <Select<QcLevel>
        aria-label={t('tt27.itemOf', { item: name, name: r.fullName })}
        size="small"
        style={{ width: 110 }}
        allowClear
        value={value}
        options={QC_LEVELS.map((l) => ({ value: l, label: t(`tt27.qc.${l}`) }))}
        onChange={(v) => {
          const d = draftOf(r);
          const next = { ...d[what] };
          if (v) next[code] = v;
          else delete next[code];
          setDrafts({ ...drafts, [r.id]: { ...d, [what]: next } });
        }}
      />
    );
  };
  const qcTable = (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={t('tt27.termLabel')}
          value={qcTerm}
          style={{ width: 140 }}
          onChange={(v) => {
            setDrafts({});
            setQcTerm(v);
          }}
          options={[1, 2].map((n) => ({ value: n as 1 | 2, label: t('summary.term', { no: n }) }))}
        />
        <Select
          aria-label={t('tt27.pointLabel')}
          value={point}
          style={{ width: 160 }}
          onChange={(v) => {
            setDrafts({});
            setPoint(v);
          }}
          options={(['gk', 'ck'] as const).map((p) => ({ value: p, label: t(`tt27.point.${p}`) }))}
        />
        {editable && (
          <>
            <Button type="primary" disabled={Object.keys(drafts).length === 0} loading={save.isPending} onClick={() => save.mutate()}>
              {t('tt27.saveQc')}
            </Button>
            {Object.keys(drafts).length > 0 && <Button onClick={() => setDrafts({})}>{t('cancel')}</Button>}
          </>
        )}
      </Space>
      <Table<Row>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={data.students}
        columns={[
          ...studentColumns,
          {
            title: t('tt27.qualities'),
            key: 'q',
            children: tt27.qualities.map((q) => ({
              title: q.name,
              key: `q-${q.code}`,
              render: (_: unknown, r: Row) => qcSelect(r, 'qualities', q.code, q.name),
            })),
          },
          {
            title: t('tt27.competences'),
            key: 'c',
            children: tt27.competences.map((c) => ({
              title: c.name,
              key: `c-${c.code}`,
              render: (_: unknown, r: Row) => qcSelect(r, 'competences', c.code, c.name),
            })),
          },
        ]}
      />
    </>
  );

  const yearOf = (r: Row): Tt27Row['year'] => r.tt27?.year ?? null;
  const yearTable = (
    <>
      {data.abilities.homeroom && (
        <Space style={{ marginBottom: 12 }}>
          <Popconfirm
            title={t('summary.finaliseConfirm')}
            onConfirm={() => finalise.mutate()}
            okText={t('summary.finalise')}
            cancelText={t('cancel')}
          >
            <Button type="primary" loading={finalise.isPending}>
              {data.abilities.finalised ? t('summary.refinalise') : t('summary.finalise')}
            </Button>
          </Popconfirm>
        </Space>
      )}
      {data.openSheets.length > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('summary.openSheets', { count: data.openSheets.length })} />
      )}
      <Table<Row>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={data.students}
        columns={[
          ...studentColumns,
          {
            title: t('tt27.overall'),
            key: 'o',
            render: (_: unknown, r: Row) => {
              const y = yearOf(r);
              if (!y)
                return (
                  <Typography.Text type="secondary">
                    {r.missing.length ? t('tt27.missing', { count: r.missing.length }) : '—'}
                  </Typography.Text>
                );
              return (
                <Space size={4}>
                  <Tag color={y.overall === 'CHT' ? 'orange' : 'green'}>{t(`tt27.overallLevel.${y.overall}`)}</Tag>
                  {y.afterSupport && <Tag>{t('tt27.afterSupport', { level: t(`tt27.overallLevel.${y.afterSupport}`) })}</Tag>}
                </Space>
              );
            },
          },
          {
            title: t('tt27.completion'),
            key: 'c',
            render: (_: unknown, r: Row) => {
              const y = yearOf(r);
              return y ? t(y.completedPrimary ? 'tt27.completedPrimary' : y.completed ? 'tt27.completed' : 'tt27.notCompleted') : '';
            },
          },
          {
            title: t('summary.outcome'),
            key: 'out',
            render: (_: unknown, r: Row) => {
              const y = yearOf(r);
              return y ? t(`tt27.outcome.${y.outcome}`) : '';
            },
          },
          {
            title: t('summary.title'),
            key: 'a',
            render: (_: unknown, r: Row) => {
              const y = yearOf(r);
              return y?.award ? t(`tt27.award.${y.award}`) : '';
            },
          },
          {
            title: t('tt27.recognition'),
            key: 'rec',
            render: (_: unknown, r: Row) => {
              const y = yearOf(r);
              if (y?.overall !== 'HTT') return '';
              const on = !!(r.tt27?.steps?.recognition?.outstandingSubject || r.tt27?.steps?.recognition?.clearProgress);
              return (
                <Checkbox
                  checked={on}
                  disabled={!data.abilities.homeroom || !data.abilities.finalised || recognise.isPending}
                  aria-label={t('tt27.recognitionOf', { name: r.fullName })}
                  onChange={(e) => recognise.mutate({ studentId: r.id, on: e.target.checked })}
                />
              );
            },
          },
          {
            title: t('tt27.steps'),
            key: 'steps',
            render: (_: unknown, r: Row) => (
              <Tt27StepsCell
                classId={classId}
                data={data}
                row={r}
                onError={problem}
                onSaved={() => {
                  refresh();
                  message.success(t('tt27.saved'));
                }}
              />
            ),
          },
          {
            title: t('summary.state'),
            key: 's',
            render: (_: unknown, r: Row) => {
              const y = yearOf(r);
              return y ? t(`summary.status.${y.status}`) : '';
            },
          },
        ]}
      />
    </>
  );

  return (
    <>
      {banner && <Alert type="error" showIcon closable message={banner} onClose={() => setBanner(null)} style={{ marginBottom: 12 }} />}
      <Card>
        <Typography.Paragraph type="secondary">{t('tt27.intro')}</Typography.Paragraph>
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            setDrafts({});
            setRecords({});
            setTab(k);
          }}
          items={[
            { key: '1', label: t('summary.term', { no: 1 }), children: termTable(1) },
            { key: '2', label: t('summary.term', { no: 2 }), children: termTable(2) },
            { key: 'qc', label: t('tt27.qcTab'), children: qcTable },
            { key: 'year', label: t('summary.year'), children: yearTable },
          ]}
        />
      </Card>
    </>
  );
}
