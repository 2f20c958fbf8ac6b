import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Space, Typography } from 'antd';
import { type ClipboardEvent, type KeyboardEvent, lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiProblem } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDateTime } from '../../lib/format.ts';
import {
  fetchSheet,
  gradebookKeys,
  lockSheet,
  type MarkChange,
  publishSheet,
  saveMarks,
  saveRemarks,
  type SheetKey,
  type SheetStudent,
} from './api.ts';
import { pasteGrid } from './paste.ts';
import { SheetStatusTag, useSlotLabel, useValueLabel } from './shared.tsx';
import './sheet.css';
import { useDisplayLanguage } from '../../lib/language.ts';
import { useUnsavedChangesGuard } from '../../app/unsaved.tsx';

// The correction request (a locked sheet only) brings the form library: loaded when opened, not with the sheet.
const CorrectionDialog = lazy(() => import('./CorrectionDialog.tsx'));

const cellKey = (studentId: string, slot: string) => `${studentId}:${slot}`;
const REMARK = 'remark';

/**
 * One subject's sheet for a class and term, entered like a spreadsheet: arrows and Enter move
 * between cells, a column (or block) pasted from Excel fills down and right from the focused cell,
 * edited cells are marked until saved, and every error comes back on its cell. The server parses
 * each value ("7,5" is 7.5); the page never turns a score into a number.
 */
export default function SheetPage() {
  const { classId = '', subjectCode = '', termId = '' } = useParams();
  const key: SheetKey = { classId, subjectCode, termId };
  const { t } = useTranslation('gradebook');
  const lang = useDisplayLanguage();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const slotLabel = useSlotLabel();
  const valueLabel = useValueLabel();
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState<{ student: SheetStudent; slot: string } | null>(null);
  const grid = useRef<HTMLTableElement>(null);
  const q = useQuery({ queryKey: gradebookKeys.sheet(key), queryFn: () => fetchSheet(key) });

  const sheet = q.data?.sheet;
  const students = q.data?.students ?? [];
  const columns = useMemo(() => [...(sheet?.slots ?? []), REMARK], [sheet?.slots]);
  const serverValue = (s: SheetStudent, col: string) => (col === REMARK ? s.remark.text : (s.marks[col]?.value ?? ''));
  const shown = (s: SheetStudent, col: string) => {
    const k = cellKey(s.id, col);
    if (k in edits) return edits[k]!;
    const v = serverValue(s, col);
    return col === REMARK ? v : valueLabel(v);
  };

  const save = useMutation({
    mutationFn: async () => {
      const marks: MarkChange[] = [];
      const remarks: { studentId: string; text: string; expectedVersion: number }[] = [];
      const keys: string[] = [];
      for (const s of students) {
        for (const col of columns) {
          const k = cellKey(s.id, col);
          if (!(k in edits)) continue;
          if (col === REMARK) {
            if (edits[k] !== s.remark.text) remarks.push({ studentId: s.id, text: edits[k]!, expectedVersion: s.remark.version });
          } else if (edits[k] !== valueLabel(serverValue(s, col))) {
            marks.push({
              studentId: s.id,
              slot: col,
              value: edits[k]!.trim() === '' ? null : edits[k]!,
              expectedVersion: s.marks[col]?.version ?? 0,
            });
            keys.push(k);
          }
        }
      }
      setBanner(null);
      setErrors({});
      try {
        if (marks.length) await saveMarks(key, marks);
        if (remarks.length) await saveRemarks(key, remarks);
      } catch (err) {
        if (isApiProblem(err) && err.errors.length) {
          const byCell: Record<string, string> = {};
          for (const e of err.errors) {
            const i = Number(/^body\.changes\.(\d+)/.exec(e.path)?.[1]);
            const k = Number.isInteger(i) ? keys[i] : undefined;
            if (k) byCell[k] = e.message;
          }
          setErrors(byCell);
          if (err.status === 409) {
            // Someone saved first: show their values in the conflicted cells, keep the other edits.
            setEdits((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !(k in byCell))));
            await qc.invalidateQueries({ queryKey: gradebookKeys.sheet(key) });
          }
        }
        throw err;
      }
      return marks.length + remarks.length;
    },
    onSuccess: async (n) => {
      setEdits({});
      await qc.invalidateQueries({ queryKey: gradebookKeys.sheet(key) });
      message.success(t('sheet.saved', { count: n }));
    },
    onError: (err) => setBanner(isApiProblem(err) ? err.title : t('error')),
  });
  const publish = useMutation({
    mutationFn: () => publishSheet(key),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: gradebookKeys.all });
      message.success(t('sheet.publishedNow'));
    },
    onError: (err) => setBanner(isApiProblem(err) ? err.title : t('error')),
  });
  const lock = useMutation({
    mutationFn: () => lockSheet(key),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: gradebookKeys.all });
      message.success(t('sheet.lockedNow'));
    },
    onError: (err) => setBanner(isApiProblem(err) ? err.title : t('error')),
  });

  const dirty = Object.keys(edits).length;
  useUnsavedChangesGuard(dirty > 0);

  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  const s = q.data.sheet;
  const can = q.data.abilities;
  const locked = s.status === 'locked';
  const editable = can.enter && !locked;

  const focusCell = (row: number, col: number) => {
    const el = grid.current?.querySelector<HTMLInputElement>(`[data-row="${row}"][data-col="${col}"]`);
    el?.focus();
    el?.select();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>, row: number, col: number) => {
    const input = e.currentTarget;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) {
      e.preventDefault();
      focusCell(row + 1, col);
    } else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) {
      e.preventDefault();
      focusCell(row - 1, col);
    } else if (e.key === 'ArrowRight' && atEnd) {
      e.preventDefault();
      focusCell(row, col + 1);
    } else if (e.key === 'ArrowLeft' && atStart) {
      e.preventDefault();
      focusCell(row, col - 1);
    } else if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (dirty) save.mutate();
    }
  };
  const onPaste = (e: ClipboardEvent<HTMLInputElement>, row: number, col: number) => {
    const text = e.clipboardData.getData('text/plain');
    if (!/[\t\n]/.test(text.trim())) return; // one value: the input handles it
    e.preventDefault();
    const next = { ...edits };
    for (const { r, c, value } of pasteGrid(text, row, col, students.length, columns.length))
      next[cellKey(students[r]!.id, columns[c]!)] = value;
    setEdits(next);
  };

  const renderCell = (st: SheetStudent, row: number, col: string, c: number) => {
    const k = cellKey(st.id, col);
    const error = errors[k];
    const remark = col === REMARK;
    return (
      <td key={col} className={remark ? 'gb-remark' : undefined}>
        <input
          data-row={row}
          data-col={c}
          className={`gb-cell${k in edits ? ' gb-dirty' : ''}${error ? ' gb-error' : ''}${remark ? ' gb-remark-input' : ''}`}
          aria-label={t('sheet.cellLabel', { column: remark ? t('sheet.remark') : slotLabel(col), name: st.fullName })}
          aria-invalid={error ? true : undefined}
          title={error}
          value={shown(st, col)}
          readOnly={!editable}
          onChange={(e) => setEdits({ ...edits, [k]: e.target.value })}
          onKeyDown={(e) => onKeyDown(e, row, c)}
          onPaste={(e) => onPaste(e, row, c)}
          onDoubleClick={() => locked && can.enter && !remark && setCorrecting({ student: st, slot: col })}
        />
        {error && (
          <div className="gb-error-text" role="alert">
            {error}
          </div>
        )}
      </td>
    );
  };

  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('sheet.title', { subject: s.subjectName, name: s.className, term: s.termName })}
        </Typography.Title>
        <Space wrap>
          <Link to={`/gradebook/classes/${classId}`}>{t('back')}</Link>
          <SheetStatusTag status={s.status} />
          {can.enter && s.status === 'open' && (
            <Popconfirm
              title={t('sheet.publishConfirm')}
              onConfirm={() => publish.mutate()}
              okText={t('sheet.publish')}
              cancelText={t('cancel')}
            >
              <Button disabled={dirty > 0} loading={publish.isPending}>
                {t('sheet.publish')}
              </Button>
            </Popconfirm>
          )}
          {can.lock && !locked && (
            <Popconfirm title={t('sheet.lockConfirm')} onConfirm={() => lock.mutate()} okText={t('sheet.lock')} cancelText={t('cancel')}>
              <Button danger disabled={dirty > 0} loading={lock.isPending}>
                {t('sheet.lock')}
              </Button>
            </Popconfirm>
          )}
          {editable && (
            <Button type="primary" disabled={dirty === 0} loading={save.isPending} onClick={() => save.mutate()}>
              {t('sheet.save', { count: dirty })}
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">
        {t(`assessment.${s.assessment}`)}
        {s.requiredRegular ? ` · ${t('sheet.required', { count: s.requiredRegular })}` : ''}
        {s.publishedAt ? ` · ${t('sheet.publishedAt', { at: formatDateTime(s.publishedAt) })}` : ''}
        {s.lockedAt ? ` · ${t('sheet.lockedAt', { at: formatDateTime(s.lockedAt) })}` : ''}
      </Typography.Paragraph>
      {banner && <Alert type="error" showIcon closable message={banner} onClose={() => setBanner(null)} style={{ marginBottom: 12 }} />}
      {editable && <Alert type="info" showIcon message={t('sheet.help')} style={{ marginBottom: 12 }} />}
      {locked && can.enter && <Alert type="warning" showIcon message={t('sheet.lockedHelp')} style={{ marginBottom: 12 }} />}
      <Card styles={{ body: { overflowX: 'auto', padding: 0 } }}>
        <table ref={grid} className="gb-grid" aria-label={t('sheet.gridLabel', { subject: s.subjectName, name: s.className })}>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col" className="gb-name">
                {t('sheet.student')}
              </th>
              {s.slots.map((slot) => (
                <th key={slot} scope="col">
                  {slotLabel(slot)}
                </th>
              ))}
              <th scope="col">{t('sheet.result')}</th>
              <th scope="col" className="gb-remark">
                {t('sheet.remark')}
              </th>
            </tr>
          </thead>
          <tbody>
            {students.map((st, row) => (
              <tr key={st.id}>
                <td>{row + 1}</td>
                <th scope="row" className="gb-name">
                  {st.fullName}
                </th>
                {s.slots.map((col, c) => renderCell(st, row, col, c))}
                <td className="gb-result">{valueLabel(st.result)}</td>
                {renderCell(st, row, REMARK, s.slots.length)}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      {locked && can.enter && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('sheet.correctionHint')}
        </Typography.Paragraph>
      )}
      {correcting && q.data.sheet.id && (
        <Suspense fallback={null}>
          <CorrectionDialog
            sheetId={q.data.sheet.id}
            student={correcting.student}
            slot={correcting.slot}
            lang={lang}
            onClose={() => setCorrecting(null)}
          />
        </Suspense>
      )}
    </>
  );
}
