import { AuditOutlined, BarChartOutlined, TableOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../types.ts';
import en from './i18n/en.json';
import vi from './i18n/vi.json';

const MyClassesPage = lazy(() => import('./MyClassesPage.tsx'));
const ClassSheetsPage = lazy(() => import('./ClassSheetsPage.tsx'));
const SheetPage = lazy(() => import('./SheetPage.tsx'));
const SummaryPage = lazy(() => import('./SummaryPage.tsx'));
const CorrectionsPage = lazy(() => import('./CorrectionsPage.tsx'));
const ReportPage = lazy(() => import('./ReportPage.tsx'));
const StatisticsPage = lazy(() => import('./StatisticsPage.tsx'));
const TranscriptsPage = lazy(() => import('./TranscriptsPage.tsx'));
const DeskCorrections = lazy(() => import('./DeskCorrections.tsx'));

/**
 * The grade book: teachers enter and publish marks, homeroom teachers finalise the class,
 * principals lock and decide on corrections; students and parents read the report (the server
 * decides who reaches what).
 */
export const gradebookModule: WebModule = {
  id: 'gradebook',
  navItems: [
    {
      key: 'gradebook-classes',
      path: '/gradebook',
      labelKey: 'nav.gradebook',
      icon: <TableOutlined />,
      section: 'teaching',
      order: 10,
      permission: 'gradebook.mark.enter',
    },
    {
      key: 'gradebook-classes-staff',
      path: '/gradebook',
      labelKey: 'nav.gradebook',
      icon: <TableOutlined />,
      section: 'teaching',
      order: 10,
      permission: 'gradebook.sheet.read',
    },
    {
      key: 'gradebook-corrections',
      path: '/gradebook/corrections',
      labelKey: 'nav.corrections',
      icon: <AuditOutlined />,
      section: 'teaching',
      order: 20,
      permission: 'gradebook.correction.decide',
    },
    {
      key: 'gradebook-my-corrections',
      path: '/gradebook/corrections',
      labelKey: 'nav.myCorrections',
      icon: <AuditOutlined />,
      section: 'teaching',
      order: 20,
      permission: 'gradebook.mark.enter',
    },
    {
      key: 'gradebook-statistics',
      path: '/gradebook/statistics',
      labelKey: 'nav.statistics',
      icon: <BarChartOutlined />,
      section: 'teaching',
      order: 30,
      permission: 'gradebook.statistics.read',
    },
  ],
  routes: [
    { path: '/gradebook', element: <MyClassesPage />, handle: { auth: true } },
    { path: '/gradebook/classes/:classId', element: <ClassSheetsPage />, handle: { auth: true } },
    { path: '/gradebook/classes/:classId/summary', element: <SummaryPage />, handle: { auth: true } },
    { path: '/gradebook/classes/:classId/subjects/:subjectCode/terms/:termId', element: <SheetPage />, handle: { auth: true } },
    { path: '/gradebook/corrections', element: <CorrectionsPage />, handle: { auth: true } },
    { path: '/gradebook/students/:studentId/report', element: <ReportPage />, handle: { auth: true } },
    { path: '/gradebook/classes/:classId/transcripts', element: <TranscriptsPage />, handle: { auth: true } },
    { path: '/gradebook/statistics', element: <StatisticsPage />, handle: { auth: true, permission: 'gradebook.statistics.read' } },
  ],
  messages: { vi, en },
  // A pupil's page (their record, a guardian's or the pupil's own card) leads to the published results.
  studentPage: {
    links: [{ key: 'report', labelKey: 'report.link', to: (s) => `/gradebook/students/${s.id}/report` }],
  },
  deskWidgets: [{ key: 'corrections', permission: 'gradebook.correction.decide', element: <DeskCorrections /> }],
};
