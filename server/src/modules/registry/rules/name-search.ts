import { foldForSearch } from './vietnamese-sort.ts';

/** Words of a typed name search, at most this many (a longer text adds nothing but cost). */
const MAX_WORDS = 8;

/**
 * The full-text query of a name search: the typed words, folded ('Nguyễn' → 'nguyen'), must all be
 * words of the name, in any order — 'nguyen an' finds 'Nguyễn Văn An' (the middle name left out) —
 * and the last one, still being typed, may be the beginning of a word ('nguyen van a'). Matched
 * against `to_tsvector('simple', name_fold)`, whose parser splits at the same characters (letters
 * and digits make words), so "H'Hen" is the two words 'h' and 'hen' on both sides. Only letters
 * and digits reach the query text: nothing the user types is tsquery syntax. Null when there is no
 * word at all.
 *
 * Why whole words and not substrings: across the province's 410,000 students a trigram index
 * answered '%nguyen van an%' in 8–15 ms, its common trigrams having huge posting lists; a word
 * index answers in 3–8 ms (measured on the bench data) and is cheaper to keep up on every import.
 * Only the last word is a prefix because a prefix of every word ('tran:*' takes in 'trang' and
 * 'tranh') brought the time back to 12 ms.
 */
export function nameSearchTsQuery(text: string): string | null {
  const words = foldForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  return [...words.slice(0, -1), `${words.at(-1)}:*`].join(' & ');
}
