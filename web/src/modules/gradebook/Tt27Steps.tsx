import { useMutation } from '@tanstack/react-query';
import { Button, Form, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubjectName } from './shared.tsx';
import { type ClassSummary, saveTt27Year } from './api.ts';

type Row = ClassSummary['students'][number];
type SubjectLevel = 'HTT' | 'HT' | 'CHT';
type QcLevel = 'T' | 'D' | 'C';
type Decision = 'LL' | 'OLL';
interface AfterSupport {
  subjects?: Record<string, SubjectLevel>;
  qualities?: Record<string, QcLevel>;
  competences?: Record<string, QcLevel>;
  tests?: Record<string, string>;
}

const saveSteps = (classId: string, studentId: string, body: { afterSupport?: AfterSupport | null; principalDecision?: Decision | null }) =>
  saveTt27Year({ params: { path: { classId, studentId } }, body });

/** A test score that does not pass (below 5, or missed): the pupil is tested again after support. */
const failedTest = (v: string | undefined) => v !== undefined && (v === 'M' || Number(v) < 5);

/**
 * The steps after a primary year that is not completed (TT 27, regulations.md §2.5): the
 * homeroom teacher records the re-assessment after the support plan (kế hoạch hỗ trợ) — only the
 * subjects, tests, qualities and competences that were not reached are asked again; when the pupil
 * still does not complete, the principal decides: promoted (lên lớp) or repeats (ở lại lớp).
 */
export function Tt27StepsCell({
  classId,
  data,
  row,
  onSaved,
  onError,
}: {
  classId: string;
  data: ClassSummary;
  row: Row;
  onSaved: () => void;
  onError: (err: unknown) => void;
}) {
  const { t } = useTranslation('gradebook');
  const [open, setOpen] = useState(false);
  const year = row.tt27?.year;
  const decide = useMutation({
    mutationFn: (d: Decision) => saveSteps(classId, row.id, { principalDecision: d }),
    onSuccess: onSaved,
    onError,
  });
  if (!year || !data.abilities.finalised) return null;
  if (year.outcome === 'KTL' && data.abilities.homeroom) {
    return (
      <>
        <Button size="small" onClick={() => setOpen(true)}>
          {t('tt27.reassess')}
        </Button>
        {open && (
          <ReassessDialog
            classId={classId}
            data={data}
            row={row}
            onClose={() => setOpen(false)}
            onSaved={() => {
              setOpen(false);
              onSaved();
            }}
            onError={onError}
          />
        )}
      </>
    );
  }
  if (year.outcome === 'QD' && data.abilities.principal) {
    return (
      <Select<Decision>
        size="small"
        style={{ width: 170 }}
        placeholder={t('tt27.decide')}
        aria-label={t('tt27.decisionOf', { name: row.fullName })}
        loading={decide.isPending}
        disabled={decide.isPending}
        onChange={(d) => decide.mutate(d)}
        options={(['LL', 'OLL'] as const).map((d) => ({ value: d, label: t(`tt27.outcome.${d}`) }))}
      />
    );
  }
  return null;
}

function ReassessDialog({
  classId,
  data,
  row,
  onClose,
  onSaved,
  onError,
}: {
  classId: string;
  data: ClassSummary;
  row: Row;
  onClose: () => void;
  onSaved: () => void;
  onError: (err: unknown) => void;
}) {
  const { t } = useTranslation('gradebook');
  const subjectName = useSubjectName();
  const tt27 = data.tt27!;
  const endOfYear = row.tt27?.assessments.find((a) => a.termNo === 2 && a.point === 'ck');
  const subjects = data.subjects.filter((s) => row.terms[2].subjects[s.code] === 'CHT').map((s) => s.code);
  const tests = tt27.testSubjects.endOfTerm.filter((code) => failedTest(row.tt27?.tests[code]?.['HK2:test']));
  const qualities = tt27.qualities.filter((q) => endOfYear?.qualities[q.code] === 'C');
  const competences = tt27.competences.filter((c) => endOfYear?.competences[c.code] === 'C');
  const [draft, setDraft] = useState<AfterSupport>({});
  const set = <K extends keyof AfterSupport>(what: K, code: string, value: NonNullable<AfterSupport[K]>[string] | undefined) => {
    const next = { ...(draft[what] ?? {}) } as Record<string, unknown>;
    if (value === undefined) delete next[code];
    else next[code] = value;
    setDraft({ ...draft, [what]: next });
  };
  const save = useMutation({ mutationFn: () => saveSteps(classId, row.id, { afterSupport: draft }), onSuccess: onSaved, onError });
  const empty = Object.values(draft).every((v) => !v || Object.keys(v).length === 0);
  const qcOptions = (['T', 'D', 'C'] as const).map((l) => ({ value: l, label: t(`tt27.qc.${l}`) }));
  return (
    <Modal
      open
      title={t('tt27.reassessTitle', { name: row.fullName })}
      onCancel={onClose}
      okText={t('tt27.saveReassess')}
      cancelText={t('cancel')}
      okButtonProps={{ disabled: empty, loading: save.isPending }}
      onOk={() => save.mutate()}
    >
      <Typography.Paragraph type="secondary">{t('tt27.reassessIntro')}</Typography.Paragraph>
      <Form layout="vertical">
        {subjects.map((code) => (
          <Form.Item key={`s-${code}`} label={subjectName(code)}>
            <Select<SubjectLevel>
              allowClear
              aria-label={subjectName(code)}
              value={draft.subjects?.[code]}
              onChange={(v) => set('subjects', code, v)}
              options={(['HTT', 'HT', 'CHT'] as const).map((l) => ({ value: l, label: t(`tt27.subjectLevel.${l}`) }))}
            />
          </Form.Item>
        ))}
        {tests.map((code) => (
          <Form.Item key={`t-${code}`} label={t('tt27.testOf', { subject: subjectName(code) })}>
            <InputNumber
              aria-label={t('tt27.testOf', { subject: subjectName(code) })}
              min={1}
              max={10}
              precision={0}
              value={draft.tests?.[code] ? Number(draft.tests[code]) : null}
              onChange={(v) => set('tests', code, v === null ? undefined : String(v))}
            />
          </Form.Item>
        ))}
        {qualities.map((q) => (
          <Form.Item key={`q-${q.code}`} label={q.name}>
            <Select<QcLevel>
              allowClear
              aria-label={q.name}
              value={draft.qualities?.[q.code]}
              onChange={(v) => set('qualities', q.code, v)}
              options={qcOptions}
            />
          </Form.Item>
        ))}
        {competences.map((c) => (
          <Form.Item key={`c-${c.code}`} label={c.name}>
            <Select<QcLevel>
              allowClear
              aria-label={c.name}
              value={draft.competences?.[c.code]}
              onChange={(v) => set('competences', c.code, v)}
              options={qcOptions}
            />
          </Form.Item>
        ))}
      </Form>
      {subjects.length + tests.length + qualities.length + competences.length === 0 && (
        <Space>
          <Typography.Text type="secondary">{t('tt27.nothingToReassess')}</Typography.Text>
        </Space>
      )}
    </Modal>
  );
}
