import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiProblem } from '../../../api/client.ts';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { formatDate, formatNumber } from '../../../lib/format.ts';
import { useSchoolId } from '../structure/api.ts';
import { type CalendarRules, defaultStartYear, useCalendar, useResetCalendar, useSaveCalendar } from './api.ts';

type Break = CalendarRules['breaks'][number];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * The school-year calendar: the week and the breaks of a year, set by the department for the
 * province (the default) or by a school for itself, with the school days each term then has.
 */
export default function CalendarPage() {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const home = useSchoolId(params);
  const unitId = params.get('unitId') ?? home;
  const [startYear, setStartYear] = useState(defaultStartYear());
  const q = useCalendar(unitId, startYear);
  const save = useSaveCalendar(unitId, startYear);
  const reset = useResetCalendar(unitId, startYear);
  const [draft, setDraft] = useState<CalendarRules | null>(null);
  useEffect(() => {
    if (q.data) setDraft({ weekdays: q.data.rules.weekdays, breaks: q.data.rules.breaks });
  }, [q.data]);

  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const cal = q.data;
  if (!cal || !draft) return <LoadingState />;
  const canEdit = cal.abilities.update;
  const setBreak = (i: number, next: Partial<Break>) =>
    setDraft({ ...draft, breaks: draft.breaks.map((b, k) => (k === i ? { ...b, ...next } : b)) });
  const problem = save.error ?? reset.error;
  const fieldErrors = isApiProblem(problem) ? problem.errors : [];
  const onSave = () =>
    save.mutate({ ...draft, expectedVersion: cal.version }, { onSuccess: () => void message.success(t('calendar.saved')) });

  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('calendar.title', { unit: cal.unit.name })}
        </Typography.Title>
        <Select
          aria-label={t('calendar.year')}
          value={startYear}
          onChange={setStartYear}
          options={[-1, 0, 1].map((d) => ({
            value: defaultStartYear() + d,
            label: `${defaultStartYear() + d}–${defaultStartYear() + d + 1}`,
          }))}
        />
      </Space>
      <Typography.Paragraph type="secondary">{t('calendar.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }} wrap>
        {cal.source === 'own' && <Tag color="blue">{t('calendar.sourceOwn')}</Tag>}
        {cal.source === 'inherited' && <Tag>{t('calendar.sourceInherited', { unit: cal.inheritedFrom?.name ?? '' })}</Tag>}
        {cal.source === 'default' && <Tag>{t('calendar.sourceDefault')}</Tag>}
      </Space>
      {problem ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={isApiProblem(problem) ? problem.title : t('calendar.failed')}
          description={fieldErrors.length ? fieldErrors.map((e) => <div key={`${e.path}${e.code}`}>{e.message}</div>) : undefined}
        />
      ) : null}
      <Card title={t('calendar.week')} style={{ marginBottom: 16 }}>
        <Checkbox.Group
          disabled={!canEdit}
          value={[...draft.weekdays]}
          onChange={(v) => setDraft({ ...draft, weekdays: (v as number[]).sort() })}
          options={WEEKDAYS.map((d) => ({ value: d, label: t(`calendar.weekday.${d}`) }))}
        />
      </Card>
      <Card
        title={t('calendar.breaks')}
        style={{ marginBottom: 16 }}
        extra={
          canEdit && (
            <Button
              icon={<PlusOutlined />}
              onClick={() => setDraft({ ...draft, breaks: [...draft.breaks, { from: '', to: '', name: '' }] })}
            >
              {t('calendar.addBreak')}
            </Button>
          )
        }
      >
        <Table<Break & { i: number }>
          rowKey="i"
          size="small"
          pagination={false}
          dataSource={draft.breaks.map((b, i) => ({ ...b, i }))}
          locale={{ emptyText: t('calendar.noBreaks') }}
          columns={[
            {
              title: t('calendar.breakName'),
              key: 'name',
              render: (_, b) => (
                <Input
                  aria-label={t('calendar.breakName')}
                  disabled={!canEdit}
                  value={b.name}
                  maxLength={120}
                  onChange={(e) => setBreak(b.i, { name: e.target.value })}
                />
              ),
            },
            {
              title: t('calendar.breakDates'),
              key: 'dates',
              width: 300,
              render: (_, b) => (
                <DatePicker.RangePicker
                  aria-label={t('calendar.breakDates')}
                  disabled={!canEdit}
                  format="DD/MM/YYYY"
                  value={b.from && b.to ? [dayjs(b.from), dayjs(b.to)] : null}
                  onChange={(v) => setBreak(b.i, { from: v?.[0]?.format('YYYY-MM-DD') ?? '', to: v?.[1]?.format('YYYY-MM-DD') ?? '' })}
                />
              ),
            },
            {
              title: '',
              key: 'remove',
              width: 60,
              render: (_, b) =>
                canEdit && (
                  <Button
                    aria-label={t('calendar.removeBreak')}
                    icon={<DeleteOutlined />}
                    onClick={() => setDraft({ ...draft, breaks: draft.breaks.filter((_, k) => k !== b.i) })}
                  />
                ),
            },
          ]}
        />
      </Card>
      {canEdit && (
        <Space style={{ marginBottom: 24 }}>
          <Button type="primary" loading={save.isPending} onClick={onSave}>
            {cal.source === 'own' ? t('calendar.save') : t('calendar.saveOwn')}
          </Button>
          {cal.source === 'own' && cal.unit.type === 'school' && (
            <Popconfirm title={t('calendar.resetConfirm')} onConfirm={() => reset.mutate()}>
              <Button loading={reset.isPending}>{t('calendar.reset')}</Button>
            </Popconfirm>
          )}
        </Space>
      )}
      <Card title={t('calendar.schoolDays')}>
        {cal.year ? (
          <Table
            rowKey="no"
            size="small"
            pagination={false}
            dataSource={cal.terms}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('calendar.wholeYear')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1}>
                  {formatDate(cal.year!.startsOn)} – {formatDate(cal.year!.endsOn)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2}>{formatNumber(cal.year!.schoolDays)}</Table.Summary.Cell>
              </Table.Summary.Row>
            )}
            columns={[
              { title: t('calendar.term'), dataIndex: 'name' },
              { title: t('calendar.dates'), key: 'dates', render: (_, x) => `${formatDate(x.startsOn)} – ${formatDate(x.endsOn)}` },
              { title: t('calendar.days'), dataIndex: 'schoolDays', render: (v: number) => formatNumber(v) },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('calendar.noYear')}</Typography.Text>
        )}
      </Card>
    </>
  );
}
