/**
 * The pages people open on a phone, measured by `npm run perf` (Lighthouse) and held to a byte
 * budget by `npm run perf:budget` (CI). A module that adds a phone page (a test-taker's screen, a
 * citizen's filing form, an invoice with its QR) adds one entry here.
 *
 * - `public`: a page of the light public shell (web/src/public/routes.ts): `id` names its
 *   prerendered file `shell/<id>.html`; budget 150 KB of compressed JavaScript on first load.
 * - `signed-in`: a page of the staff app: `source` is the page component as the router loads it
 *   lazily (the build manifest's key); budget 350 KB. `user` signs in (demo accounts, no second
 *   factor) and `path` may ask the API which record to open.
 */
export type Api = (path: string) => Promise<unknown>;

export type PhonePage =
  | { name: string; kind: 'public'; id: string; path: string }
  | { name: string; kind: 'signed-in'; source: string; user: string; path: string | ((api: Api) => Promise<string>) };

export const budgetsKB = { public: 150, 'signed-in': 350 } as const;

interface Child {
  id: string;
}

export const phonePages: readonly PhonePage[] = [
  { name: 'sign-in', kind: 'public', id: 'login', path: '/login' },
  { name: 'activation', kind: 'public', id: 'activate', path: '/activate' },
  { name: 'transcript-verification', kind: 'public', id: 'verify', path: '/verify' },
  {
    name: 'guardian-children',
    kind: 'signed-in',
    source: 'src/modules/registry/accounts/MyChildrenPage.tsx',
    user: 'phuhuynh',
    path: '/registry/me/children',
  },
  {
    name: 'guardian-report',
    kind: 'signed-in',
    source: 'src/modules/gradebook/ReportPage.tsx',
    user: 'phuhuynh',
    path: async (api) => {
      const children = (await api('/api/registry/me/children')) as { items?: Child[] } | Child[];
      const first = Array.isArray(children) ? children[0] : children.items?.[0];
      if (!first) throw new Error('phuhuynh has no child in the demo data');
      return `/gradebook/students/${first.id}/report`;
    },
  },
  {
    name: 'teacher-grade-sheet',
    kind: 'signed-in',
    source: 'src/modules/gradebook/SheetPage.tsx',
    user: 'giaovien',
    path: async (api) => {
      const classes = (await api('/api/gradebook/my-classes')) as { items?: { id: string }[] } | { id: string }[];
      const list = Array.isArray(classes) ? classes : (classes.items ?? []);
      for (const c of list) {
        const sheets = (await api(`/api/gradebook/classes/${c.id}/sheets`)) as {
          subjects: { code: string; mine: boolean; sheets: { termId: string }[] }[];
        };
        const subject = sheets.subjects.find((s) => s.mine && s.sheets.length > 0);
        if (subject?.sheets[0]) return `/gradebook/classes/${c.id}/subjects/${subject.code}/terms/${subject.sheets[0].termId}`;
      }
      throw new Error('giaovien has no grade sheet of their own in the demo data');
    },
  },
];
