ALTER TABLE "registry"."account_invitations" DROP CONSTRAINT "account_invitations_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."classes" DROP CONSTRAINT "classes_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."classes" DROP CONSTRAINT "classes_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."curriculum_periods" DROP CONSTRAINT "curriculum_periods_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."curriculum_periods" DROP CONSTRAINT "curriculum_periods_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."duplicate_dismissals" DROP CONSTRAINT "duplicate_dismissals_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolment_events" DROP CONSTRAINT "enrolment_events_province_id_units_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolment_events" DROP CONSTRAINT "enrolment_events_school_id_units_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolment_events" DROP CONSTRAINT "enrolment_events_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolments" DROP CONSTRAINT "enrolments_province_id_units_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolments" DROP CONSTRAINT "enrolments_school_id_units_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolments" DROP CONSTRAINT "enrolments_class_id_classes_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolments" DROP CONSTRAINT "enrolments_school_year_id_school_years_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolments" DROP CONSTRAINT "enrolments_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolments" DROP CONSTRAINT "enrolments_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."grades" DROP CONSTRAINT "grades_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."grades" DROP CONSTRAINT "grades_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."guardians" DROP CONSTRAINT "guardians_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."guardians" DROP CONSTRAINT "guardians_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."school_facilities" DROP CONSTRAINT "school_facilities_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."school_facilities" DROP CONSTRAINT "school_facilities_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."school_profiles" DROP CONSTRAINT "school_profiles_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."school_profiles" DROP CONSTRAINT "school_profiles_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."school_sites" DROP CONSTRAINT "school_sites_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."school_sites" DROP CONSTRAINT "school_sites_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."school_years" DROP CONSTRAINT "school_years_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."school_years" DROP CONSTRAINT "school_years_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."staff" DROP CONSTRAINT "staff_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."staff" DROP CONSTRAINT "staff_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."student_accounts" DROP CONSTRAINT "student_accounts_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."student_guardians" DROP CONSTRAINT "student_guardians_province_id_units_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."student_guardians" DROP CONSTRAINT "student_guardians_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."students" DROP CONSTRAINT "students_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."students" DROP CONSTRAINT "students_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."teaching_assignments" DROP CONSTRAINT "teaching_assignments_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."teaching_assignments" DROP CONSTRAINT "teaching_assignments_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."terms" DROP CONSTRAINT "terms_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."terms" DROP CONSTRAINT "terms_updated_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."transfers" DROP CONSTRAINT "transfers_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."transfers" DROP CONSTRAINT "transfers_updated_by_users_id_fk";
--> statement-breakpoint
CREATE UNIQUE INDEX "classes_id_year_school_uq" ON "registry"."classes" USING btree ("id","school_year_id","school_id");--> statement-breakpoint
ALTER TABLE "registry"."enrolments" ADD CONSTRAINT "enrolments_class_fk" FOREIGN KEY ("class_id","school_year_id","school_id") REFERENCES "registry"."classes"("id","school_year_id","school_id") ON DELETE no action ON UPDATE no action;