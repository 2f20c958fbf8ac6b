DROP INDEX "registry"."students_name_fold_idx";--> statement-breakpoint
CREATE INDEX "students_name_words_idx" ON "registry"."students" USING gin (to_tsvector('simple', "name_fold"));