import { Card, Space, Tabs } from 'antd';
import { Link } from 'react-router';
import { useStudentLinks, useStudentTabs } from '../../app/extensions.tsx';
import type { StudentContext } from '../types.ts';

/** The links other modules add to a pupil's page (the grade book's results…). */
export function StudentLinks({ student }: { student: StudentContext }) {
  const links = useStudentLinks(student);
  if (links.length === 0) return null;
  return (
    <Space wrap>
      {links.map((l) => (
        <Link key={l.key} to={l.to}>
          {l.label}
        </Link>
      ))}
    </Space>
  );
}

/** The tabs other modules add to a pupil's page; nothing when none does. */
export function StudentTabs({ student }: { student: StudentContext }) {
  const tabs = useStudentTabs(student);
  if (tabs.length === 0) return null;
  return (
    <Card style={{ marginBottom: 16 }}>
      <Tabs items={tabs.map(({ key, label, Component }) => ({ key, label, children: <Component context={student} /> }))} />
    </Card>
  );
}
