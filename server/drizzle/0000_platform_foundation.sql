-- Extensions and text search shared by every module.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS platform;
--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change), so it cannot back an index. Wrapping it
-- with the dictionary named explicitly is the documented way to get an IMMUTABLE fold.
-- đ/Đ are not accents in Unicode (they are their own letters); Vietnamese users still type "d".
CREATE OR REPLACE FUNCTION platform.fold(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(translate(public.unaccent('public.unaccent'::regdictionary, input), 'đĐ', 'dD')) $$;
--> statement-breakpoint
-- Accent-insensitive full-text configuration: 'nguyen van an' matches 'Nguyễn Văn An'.
CREATE TEXT SEARCH CONFIGURATION platform.vi_unaccent (COPY = pg_catalog.simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION platform.vi_unaccent
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
  WITH public.unaccent, simple;
