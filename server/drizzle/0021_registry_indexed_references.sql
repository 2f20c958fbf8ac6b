DROP INDEX "registry"."enrolments_one_class_per_year_uq";--> statement-breakpoint
CREATE INDEX "corrections_student_idx" ON "gradebook"."corrections" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "remarks_student_idx" ON "gradebook"."remarks" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "student_terms_student_idx" ON "gradebook"."student_terms" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "term_results_student_idx" ON "gradebook"."term_results" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "tt27_qualities_student_idx" ON "gradebook"."tt27_qualities" USING btree ("student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_one_class_per_year_uq" ON "registry"."enrolments" USING btree ("student_id","start_year",(CASE WHEN "status" IN ('transferred_out', 'dropped_out') THEN "id" ELSE '00000000-0000-0000-0000-000000000000'::uuid END));