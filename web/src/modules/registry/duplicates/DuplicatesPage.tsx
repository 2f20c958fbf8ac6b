import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states.tsx';
import { formatDate } from '../../../lib/format.ts';
import {
  type Brief,
  type Comparison,
  dismissDuplicates,
  duplicateKeys,
  fetchComparison,
  fetchDuplicates,
  mergeDuplicates,
  type Pair,
} from './api.ts';

type Side = 'a' | 'b';

/** The list of suspected duplicate pairs in the caller's scope. */
export default function DuplicatesPage() {
  const { t } = useTranslation('registry');
  const q = useQuery({ queryKey: duplicateKeys.list, queryFn: () => fetchDuplicates() });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  const who = (s: Brief) => (
    <Space orientation="vertical" size={0}>
      <Link to={`/registry/students/${s.id}`}>{s.fullName}</Link>
      <Typography.Text type="secondary">
        {formatDate(s.dateOfBirth)} · {s.schoolName}
        {s.className ? ` · ${s.className}` : ''}
      </Typography.Text>
    </Space>
  );
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('duplicates.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('duplicates.intro')}</Typography.Paragraph>
      <Card>
        <Table<Pair>
          rowKey={(p) => `${p.first.id}+${p.second.id}`}
          dataSource={q.data.items}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <EmptyState description={t('duplicates.empty')} /> }}
          columns={[
            { title: t('duplicates.col.first'), key: 'first', render: (_, p) => who(p.first) },
            { title: t('duplicates.col.second'), key: 'second', render: (_, p) => who(p.second) },
            {
              title: t('duplicates.col.why'),
              key: 'why',
              render: (_, p) => (
                <Space wrap>
                  <Tag color={p.level === 'certain' ? 'red' : 'gold'}>{t(`duplicates.level.${p.level}`)}</Tag>
                  {p.reasons.map((r) => (
                    <Tag key={r}>{t(`duplicates.reason.${r}`)}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('duplicates.col.actions'),
              key: 'actions',
              render: (_, p) => (
                <Link to={`/registry/duplicates/compare?a=${p.first.id}&b=${p.second.id}`}>
                  <Button type="primary">{t('duplicates.compare')}</Button>
                </Link>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}

/** Coded values in words (sex, boarding…); dates dd/mm/yyyy; addresses and lists joined. */
const coded: Record<string, string> = {
  sex: 'sex',
  boarding: 'boarding',
  householdStatus: 'duplicates.values.householdStatus',
  youthMembership: 'duplicates.values.youthMembership',
};

const show = (v: unknown, t: (k: string) => string, field = ''): string => {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return t('duplicates.empty_value');
  if (coded[field] && typeof v === 'string') return t(`${coded[field]}.${v}`);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object')
    return Object.values(v as Record<string, unknown>)
      .filter(Boolean)
      .join(', ');
  return String(v);
};

/** Two records side by side: the clerk picks the record to keep and, row by row, the value to keep. */
export function ComparePage() {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  const q = useQuery({
    queryKey: duplicateKeys.compare(a, b),
    queryFn: () => fetchComparison({ params: { query: { a, b } } }),
  });
  const [survivor, setSurvivor] = useState<Side>('a');
  const [choice, setChoice] = useState<Record<string, Side>>({});
  const done = async (text: string) => {
    await queryClient.invalidateQueries({ queryKey: ['registry'] });
    message.success(text);
  };
  const merge = useMutation({
    mutationFn: (c: Comparison) => {
      const keep = survivor === 'a' ? c.a : c.b;
      const gone = survivor === 'a' ? c.b : c.a;
      const picks: Record<string, 'survivor' | 'merged'> = Object.fromEntries(
        Object.entries(choice).map(([f, side]) => [f, side === survivor ? 'survivor' : 'merged']),
      );
      return mergeDuplicates({
        body: { survivorId: keep.id, mergedId: gone.id, survivorVersion: keep.version, mergedVersion: gone.version, keep: picks },
      });
    },
    onSuccess: async (r) => {
      await done(t('duplicates.merged'));
      navigate(`/registry/students/${r.survivorId}`);
    },
    onError: (err) => message.error(err.message),
  });
  const dismiss = useMutation({
    mutationFn: () => dismissDuplicates({ body: { a, b } }),
    onSuccess: async () => {
      await done(t('duplicates.notDuplicateDone'));
      navigate('/registry/duplicates');
    },
    onError: (err) => message.error(err.message),
  });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={q.refetch} />;
  const c = q.data;
  const sides: Side[] = ['a', 'b'];
  // The value kept on a row: the clerk's pick, else the kept record's (or the other's where it is empty).
  const picked = (f: string): Side => {
    if (choice[f]) return choice[f];
    const other: Side = survivor === 'a' ? 'b' : 'a';
    const v = c[survivor].fields[f];
    const empty = v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    return empty ? other : survivor;
  };
  const rows = c.fields.map((f) => ({ field: f, differs: c.differing.includes(f) }));
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('duplicates.compareTitle')}
        </Typography.Title>
        <Link to="/registry/duplicates">{t('duplicates.back')}</Link>
      </Space>
      <Typography.Paragraph>{t('duplicates.survivorHint')}</Typography.Paragraph>
      {c.dismissed && <Alert type="info" showIcon title={t('duplicates.dismissed')} style={{ marginBottom: 16 }} />}
      {c.clashingYears.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('duplicates.clash', { years: c.clashingYears.map((y) => `${y}–${y + 1}`).join(', ') })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Table
          rowKey="field"
          size="small"
          pagination={false}
          scroll={{ x: 720 }}
          dataSource={rows}
          rowClassName={(r) => (r.differs ? 'duplicate-differs' : '')}
          columns={[
            {
              title: t('duplicates.field'),
              dataIndex: 'field',
              render: (f: string, r) => (
                <span>
                  {t(`duplicates.fields.${f}`)} {r.differs && <Tag color="orange">{t('duplicates.different')}</Tag>}
                </span>
              ),
            },
            ...sides.map((side) => ({
              title: (
                <Radio
                  checked={survivor === side}
                  onChange={() => {
                    setSurvivor(side);
                    setChoice({});
                  }}
                >
                  {t('duplicates.keepRecord')} ({c[side].schoolName})
                </Radio>
              ),
              key: side,
              render: (_: unknown, r: { field: string; differs: boolean }) => {
                const text = show(c[side].fields[r.field], t, r.field);
                if (!r.differs) return text;
                return (
                  <Radio
                    checked={picked(r.field) === side}
                    onChange={() => setChoice((x) => ({ ...x, [r.field]: side }))}
                    aria-label={`${t(`duplicates.fields.${r.field}`)}: ${text}`}
                  >
                    {text}
                  </Radio>
                );
              },
            })),
          ]}
        />
      </Card>
      <Space align="start" wrap style={{ marginBottom: 16, width: '100%' }}>
        {sides.map((side) => (
          <Card
            key={side}
            size="small"
            title={`${t(`duplicates.col.${side === 'a' ? 'first' : 'second'}`)} — ${c[side].schoolName}`}
            style={{ minWidth: 320 }}
          >
            <p>
              {t('duplicates.status')}: {t(`status.${c[side].status}`)}
            </p>
            <p>
              {t('duplicates.enrolments')}:{' '}
              {c[side].enrolments.map((e) => `${e.startYear}–${e.startYear + 1} ${e.className} (${e.schoolName})`).join('; ') || '—'}
            </p>
            <p>
              {t('duplicates.guardians')}: {c[side].guardians.map((g) => g.fullName).join(', ') || '—'}
            </p>
            {c[side].pendingTransfers > 0 && <Tag color="gold">{t('duplicates.pendingTransfers')}</Tag>}
          </Card>
        ))}
      </Space>
      <Space wrap style={{ display: 'flex' }}>
        <Popconfirm
          title={t('duplicates.mergeConfirm', {
            merged: c[survivor === 'a' ? 'b' : 'a'].fields.fullName as string,
            survivor: c[survivor].fields.fullName as string,
          })}
          okText={t('duplicates.yes')}
          cancelText={t('duplicates.no')}
          onConfirm={() => merge.mutate(c)}
        >
          <Button type="primary" loading={merge.isPending} disabled={c.clashingYears.length > 0}>
            {t('duplicates.merge')}
          </Button>
        </Popconfirm>
        {!c.dismissed && (
          <Button onClick={() => dismiss.mutate()} loading={dismiss.isPending}>
            {t('duplicates.notDuplicate')}
          </Button>
        )}
      </Space>
    </>
  );
}
