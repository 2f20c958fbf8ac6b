import { TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { WebModule } from '../types.ts';
import en from './i18n/en.json';
import vi from './i18n/vi.json';

const StudentsPage = lazy(() => import('./StudentsPage.tsx'));
const StudentPage = lazy(() => import('./StudentPage.tsx'));
const ImportPage = lazy(() => import('./import/ImportPage.tsx'));

/**
 * The sector database: students (school staff, commune and department readers) and, for teachers,
 * the students of the classes they teach — the server decides which; the menu shows either way in.
 */
export const registryModule: WebModule = {
  id: 'registry',
  navItems: [
    { key: 'registry-students', path: '/registry/students', labelKey: 'nav.students', icon: <TeamOutlined />, order: 20, permission: 'registry.student.read' },
    { key: 'registry-import', path: '/registry/students/import', labelKey: 'nav.import', icon: <UploadOutlined />, order: 22, permission: 'registry.student.write' },
    { key: 'registry-my-students', path: '/registry/students', labelKey: 'nav.myStudents', icon: <TeamOutlined />, order: 21, permission: 'registry.class.teach' },
  ],
  routes: [
    { path: '/registry/students', element: <StudentsPage />, handle: { auth: true } },
    { path: '/registry/students/import', element: <ImportPage />, handle: { auth: true } },
    { path: '/registry/students/:id', element: <StudentPage />, handle: { auth: true } },
  ],
  messages: { vi, en },
};
