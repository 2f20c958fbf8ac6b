import type { FastifyInstance } from 'fastify';
import type { ModuleDefinition } from '../../platform/module.ts';
import { registerRegistryRecordKinds } from './access.ts';
import { loadSubjects } from './catalogue.ts';
import enBase from './i18n/en.json' with { type: 'json' };
import viBase from './i18n/vi.json' with { type: 'json' };
import transfersEn from './i18n/transfers.en.json' with { type: 'json' };
import transfersVi from './i18n/transfers.vi.json' with { type: 'json' };
import schoolAdminEn from './i18n/school-admin.en.json' with { type: 'json' };
import schoolAdminVi from './i18n/school-admin.vi.json' with { type: 'json' };
import schoolEn from './i18n/school.en.json' with { type: 'json' };
import schoolVi from './i18n/school.vi.json' with { type: 'json' };
import accountsEn from './i18n/accounts.en.json' with { type: 'json' };
import accountsVi from './i18n/accounts.vi.json' with { type: 'json' };
import { registryPermissions, registryRoleGrants } from './manifest.ts';
import { accountRoutes } from './accounts/accounts.routes.ts';
import { exportRoutes } from './export/export.routes.ts';
import { classRoutes } from './routes/classes.routes.ts';
import { importRoutes } from './routes/import.routes.ts';
import { schoolAdminRoutes } from './routes/school-admin.routes.ts';
import { schoolRoutes } from './routes/school.routes.ts';
import { structureRoutes } from './routes/structure.routes.ts';
import { staffRoutes } from './routes/staff.routes.ts';
import { studentRoutes } from './routes/students.routes.ts';
import { transferRoutes } from './routes/transfers.routes.ts';
import { duplicateRoutes } from './routes/duplicates.routes.ts';
import { registrySeedSteps } from './seed/steps.ts';
import staffEn from './i18n/staff.en.json' with { type: 'json' };
import staffVi from './i18n/staff.vi.json' with { type: 'json' };
import { registerStaffRecordKind } from './staff/access.ts';

registerRegistryRecordKinds();

/** Transfers and duplicate merges keep their messages in files of their own. */
const vi = { ...viBase, ...transfersVi };
const en = { ...enBase, ...transfersEn };
registerStaffRecordKind();

/** The sector database (CSDL ngành, issue 5): school years, classes, students, guardians, enrolments. */
export const registryModule: ModuleDefinition = {
  name: 'registry',
  messages: {
    vi: { ...vi, ...schoolAdminVi, ...staffVi, ...schoolVi, ...accountsVi },
    en: { ...en, ...schoolAdminEn, ...staffEn, ...schoolEn, ...accountsEn },
  },
  permissions: registryPermissions,
  roleGrants: registryRoleGrants,
  async routes(app: FastifyInstance) {
    await app.register(structureRoutes);
    await app.register(classRoutes);
    await app.register(schoolAdminRoutes);
    await app.register(studentRoutes);
    await app.register(transferRoutes);
    await app.register(duplicateRoutes);
    await app.register(staffRoutes);
    await app.register(importRoutes);
    await app.register(accountRoutes);
    await app.register(exportRoutes);
    await app.register(schoolRoutes);
  },
  seedSteps: registrySeedSteps,
  async onMigrated(database) {
    await loadSubjects(database);
  },
};
