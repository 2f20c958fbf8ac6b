import {
  ApartmentOutlined,
  BookOutlined,
  CalendarOutlined,
  HomeOutlined,
  IdcardOutlined,
  ScheduleOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../types.ts';
import { MergeCellsOutlined, SwapOutlined } from '@ant-design/icons';
import duplicatesEn from './duplicates/i18n.en.json';
import duplicatesVi from './duplicates/i18n.vi.json';
import enBase from './i18n/en.json';
import transfersEn from './transfers/i18n.en.json';
import transfersVi from './transfers/i18n.vi.json';
import viBase from './i18n/vi.json';
import schoolEn from './school/i18n/en.json';
import schoolVi from './school/i18n/vi.json';
import structureEn from './structure/i18n/en.json';
import structureVi from './structure/i18n/vi.json';
import staffEn from './staff/i18n/en.json';
import staffVi from './staff/i18n/vi.json';
import accountsEn from './accounts/i18n.en.json';
import accountsVi from './accounts/i18n.vi.json';

/** Transfers and duplicates keep their messages in files of their own. */
const vi = { ...viBase, transfers: transfersVi, duplicates: duplicatesVi };
const en = { ...enBase, transfers: transfersEn, duplicates: duplicatesEn };
const TransfersPage = lazy(() => import('./transfers/TransfersPage.tsx'));
const DuplicatesPage = lazy(() => import('./duplicates/DuplicatesPage.tsx'));
const ComparePage = lazy(() => import('./duplicates/ComparePage.tsx'));
const StudentsPage = lazy(() => import('./StudentsPage.tsx'));
const SchoolProfilePage = lazy(() => import('./school/SchoolProfilePage.tsx'));
const FacilitiesPage = lazy(() => import('./school/FacilitiesPage.tsx'));
const MySchoolPage = lazy(() => import('./school/MySchoolPage.tsx'));
const StudentPage = lazy(() => import('./StudentPage.tsx'));
const ImportPage = lazy(() => import('./import/ImportPage.tsx'));
const YearsPage = lazy(() => import('./structure/YearsPage.tsx'));
const ClassesPage = lazy(() => import('./structure/ClassesPage.tsx'));
const ClassPage = lazy(() => import('./structure/ClassPage.tsx'));
const PeriodsPage = lazy(() => import('./structure/PeriodsPage.tsx'));
const AssignmentsPage = lazy(() => import('./structure/AssignmentsPage.tsx'));
const StaffListPage = lazy(() => import('./staff/StaffListPage.tsx'));
const StaffPage = lazy(() => import('./staff/StaffPage.tsx'));
const MyChildrenPage = lazy(() => import('./accounts/MyChildrenPage.tsx'));
const MyStudentPage = lazy(() => import('./accounts/MyStudentPage.tsx'));
const ActivatePage = lazy(() => import('./accounts/ActivatePage.tsx'));
const ChildrenWidget = lazy(() => import('./accounts/ChildrenWidget.tsx'));

const schoolReaders = ['registry.school.read', 'registry.school.write'] as const;

/**
 * The sector database: students (school staff, commune and department readers) and, for teachers,
 * the students of the classes they teach — the server decides which; the menu shows either way in.
 */
export const registryModule: WebModule = {
  id: 'registry',
  navItems: [
    {
      key: 'registry-school',
      path: '/registry/school',
      labelKey: 'school.nav.profile',
      icon: <HomeOutlined />,
      section: 'school',
      order: 10,
      permission: 'registry.school.write',
    },
    {
      key: 'registry-students',
      path: '/registry/students',
      labelKey: 'nav.students',
      icon: <TeamOutlined />,
      section: 'pupils',
      order: 10,
      permission: 'registry.student.read',
    },
    {
      key: 'registry-import',
      path: '/registry/students/import',
      labelKey: 'nav.import',
      icon: <UploadOutlined />,
      section: 'pupils',
      order: 20,
      permission: 'registry.student.write',
    },
    {
      key: 'registry-my-students',
      path: '/registry/students',
      labelKey: 'nav.myStudents',
      icon: <TeamOutlined />,
      section: 'pupils',
      order: 10,
      permission: 'registry.class.teach',
    },
    {
      key: 'registry-classes',
      path: '/registry/classes',
      labelKey: 'structure.nav.classes',
      icon: <ApartmentOutlined />,
      section: 'school',
      order: 20,
      permission: 'registry.class.read',
    },
    {
      key: 'registry-my-classes',
      path: '/registry/classes',
      labelKey: 'structure.nav.myClasses',
      icon: <ApartmentOutlined />,
      section: 'school',
      order: 20,
      permission: 'registry.class.teach',
    },
    {
      key: 'registry-assignments',
      path: '/registry/assignments',
      labelKey: 'structure.nav.assignments',
      icon: <ScheduleOutlined />,
      section: 'school',
      order: 30,
      permission: 'registry.class.write',
    },
    {
      key: 'registry-years',
      path: '/registry/years',
      labelKey: 'structure.nav.years',
      icon: <CalendarOutlined />,
      section: 'school',
      order: 40,
      permission: 'registry.class.read',
    },
    {
      key: 'registry-periods',
      path: '/registry/subjects',
      labelKey: 'structure.nav.periods',
      icon: <BookOutlined />,
      section: 'school',
      order: 50,
      permission: 'registry.class.read',
    },
    {
      key: 'registry-staff',
      path: '/registry/staff',
      labelKey: 'staff.nav',
      icon: <IdcardOutlined />,
      section: 'school',
      order: 60,
      permission: 'registry.staff.read',
    },
    {
      key: 'registry-staff-me',
      path: '/registry/staff/me',
      labelKey: 'staff.navMine',
      icon: <IdcardOutlined />,
      section: 'school',
      order: 70,
      permission: 'registry.class.teach',
    },
    {
      key: 'registry-transfers',
      path: '/registry/transfers',
      labelKey: 'transfers.nav',
      icon: <SwapOutlined />,
      section: 'pupils',
      order: 30,
      permission: 'registry.student.write',
    },
    {
      key: 'registry-duplicates',
      path: '/registry/duplicates',
      labelKey: 'duplicates.nav',
      icon: <MergeCellsOutlined />,
      section: 'pupils',
      order: 40,
      permission: 'registry.student.merge',
    },
    {
      key: 'registry-my-children',
      path: '/registry/me/children',
      labelKey: 'accounts.nav.myChildren',
      icon: <TeamOutlined />,
      section: 'mine',
      order: 10,
      auth: true,
      kind: 'guardian',
    },
    {
      key: 'registry-my-record',
      path: '/registry/me/student',
      labelKey: 'accounts.nav.myStudent',
      icon: <IdcardOutlined />,
      section: 'mine',
      order: 10,
      auth: true,
      kind: 'student',
    },
  ],
  routes: [
    { path: '/registry/me/children', element: <MyChildrenPage />, handle: { auth: true } },
    { path: '/registry/me/student', element: <MyStudentPage />, handle: { auth: true } },
    { path: '/registry/school', element: <MySchoolPage />, handle: { auth: true } },
    { path: '/registry/schools/:unitId/profile', element: <SchoolProfilePage />, handle: { auth: true } },
    { path: '/registry/schools/:unitId/facilities', element: <FacilitiesPage />, handle: { auth: true } },
    { path: '/registry/students', element: <StudentsPage />, handle: { auth: true } },
    { path: '/registry/students/import', element: <ImportPage />, handle: { auth: true } },
    // the same wizard for every import kind (students, staff, facilities, classes…): /registry/import/<kind>?unitId=…
    { path: '/registry/import/:kind', element: <ImportPage />, handle: { auth: true } },
    { path: '/registry/students/:id', element: <StudentPage />, handle: { auth: true } },
    { path: '/registry/years', element: <YearsPage />, handle: { auth: true } },
    { path: '/registry/classes', element: <ClassesPage />, handle: { auth: true } },
    { path: '/registry/classes/:id', element: <ClassPage />, handle: { auth: true } },
    { path: '/registry/subjects', element: <PeriodsPage />, handle: { auth: true } },
    { path: '/registry/assignments', element: <AssignmentsPage />, handle: { auth: true, permission: 'registry.class.write' } },
    { path: '/registry/staff', element: <StaffListPage />, handle: { auth: true, permission: 'registry.staff.read' } },
    { path: '/registry/staff/me', element: <StaffPage />, handle: { auth: true } },
    { path: '/registry/staff/:id', element: <StaffPage />, handle: { auth: true, permission: 'registry.staff.read' } },
    { path: '/registry/transfers', element: <TransfersPage />, handle: { auth: true, permission: 'registry.student.read' } },
    { path: '/registry/duplicates', element: <DuplicatesPage />, handle: { auth: true, permission: 'registry.student.merge' } },
    { path: '/registry/duplicates/compare', element: <ComparePage />, handle: { auth: true, permission: 'registry.student.merge' } },
  ],
  publicRoutes: [{ path: '/activate', element: <ActivatePage /> }],
  guardianWidgets: [{ key: 'children', element: <ChildrenWidget /> }],
  // A school's page in the organisation tree links to its profile and facilities.
  unitPage: {
    links: [
      {
        key: 'school-profile',
        labelKey: 'school.tabs.profile',
        to: (u) => `/registry/schools/${u.id}/profile`,
        permission: schoolReaders,
        when: (u) => u.type === 'school',
      },
      {
        key: 'school-facilities',
        labelKey: 'school.tabs.facilities',
        to: (u) => `/registry/schools/${u.id}/facilities`,
        permission: schoolReaders,
        when: (u) => u.type === 'school',
      },
    ],
  },
  messages: {
    vi: { ...vi, structure: structureVi, staff: staffVi, school: schoolVi, accounts: accountsVi },
    en: { ...en, structure: structureEn, staff: staffEn, school: schoolEn, accounts: accountsEn },
  },
};
