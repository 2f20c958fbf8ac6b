/**
 * Vietnamese name order for class lists, as a sort key that plain byte comparison
 * (PostgreSQL `COLLATE "C"`, no ICU — PGlite has none) puts in the right order.
 *
 * The order (our reading, with sources):
 * - Fields: given name (tên), then middle name (tên đệm), then surname (họ) — how schools list a
 *   class (work item: issue 5 §8).
 * - Letters: the 29-letter Vietnamese alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
 *   with f j w z (names of some ethnic groups and foreigners) at their Latin places. ă â đ ê ô ơ ư are
 *   LETTERS, not accents: every word in ă comes after every word in a ("Anh" < "Ăn" < "Ân"), as in
 *   the Vietnamese dictionary (Hoàng Phê, Từ điển tiếng Việt: sections A, Ă, Â…) and in the Unicode
 *   CLDR Vietnamese collation (common/collation/vi.xml: `&a<ă<â &d<đ &e<ê &o<ô<ơ &u<ư` are primary
 *   differences).
 * - Tones: compared only when the letters of the syllable are equal, in the order ngang (none),
 *   huyền ` , hỏi ̉ , ngã ~ , sắc ´ , nặng . — CLDR vi.xml `&̀<<̉<<̃<<́<<̣` (secondary differences).
 *   So "An" < "Àn" < "Án" < "Anh": letters first across the whole syllable, then its tone.
 * - Several syllables (a middle name "Thị Ngọc"): syllable by syllable, each one letters then tone,
 *   as dictionaries order compounds ("á" < "á khẩu" < "ạ" < "ác": letters first, then the tone).
 *   CLDR compares tones over the whole string instead; the two agree for one syllable, which is
 *   what a given name is, and differ only on rare middle-name ties.
 * - Case, NFC/NFD, extra spaces and the tone mark's position (hoà / hòa) do not matter.
 *
 * Key layout (every char is ASCII, so byte order = code-point order):
 *   key      = field(given) FIELD_SEP field(middle) FIELD_SEP field(surname)
 *   field    = syllable (SYLL_SEP syllable)*
 *   syllable = letter* tone          letter = base a–z + modifier digit ('a0' a, 'a1' ă, 'a2' â)
 *   FIELD_SEP ' ' < SYLL_SEP '-' < tone '0'…'5' < any letter 'a'…'z'
 * Letters have fixed width, so a letter's modifier digit only ever meets another modifier digit.
 * Non-letters (apostrophes in H'Hen, dots) are dropped; letters outside a–z (after removing accents)
 * become 'z9', after everything: a tie between different names is broken by the caller (name, id).
 */

const FIELD_SEP = ' ';
const SYLL_SEP = '-';

/** Combining marks that make a different LETTER (primary): breve ă, circumflex â ê ô, horn ơ ư. */
const letterModifiers: Record<string, string> = { '\u0306': '1', '\u0302': '2', '\u031b': '3' };
/** Tone marks in the order huyền, hỏi, ngã, sắc, nặng (ngang = no mark = '0'). */
const toneMarks: Record<string, string> = { '\u0300': '1', '\u0309': '2', '\u0303': '3', '\u0301': '4', '\u0323': '5' };

/** Modifier digits for letters with a fixed place: ă=1 â=2 (a), ê=2 (e), ô=2 ơ=3 (o), ư=3 (u), đ=1. */
function letterKey(base: string, modifier: string | undefined): string {
  if (base === 'đ') return 'd1';
  if (!/^[a-z]$/.test(base)) return 'z9';
  const valid: Record<string, string[]> = { a: ['1', '2'], e: ['2'], o: ['2', '3'], u: ['3'] };
  // A modifier a letter does not take in Vietnamese (ư on an 'i'…) is ignored: it is not a new letter.
  return base + (modifier && valid[base]?.includes(modifier) ? modifier : '0');
}

/** Words of a name: NFC, trimmed, single-spaced, Vietnamese letters kept as typed. */
export function nameWords(fullName: string): string[] {
  return fullName
    .normalize('NFC')
    .trim()
    .split(/\s+/u)
    .filter((w) => w.length > 0);
}

export interface NameParts {
  /** Họ: the first word. */
  surname: string;
  /** Tên đệm: the words between, single-spaced ('' when none). */
  middle: string;
  /** Tên: the last word. */
  given: string;
}

/**
 * Họ / đệm / tên of a full name: surname = first word, given = last word, middle = the rest.
 * A single word is a given name. Compound surnames (Tôn Nữ, Âu Dương) cannot be told from a middle
 * name without a list; they land in `middle`, which changes nothing for the given-name-first order.
 */
export function splitFullName(fullName: string): NameParts {
  const words = nameWords(fullName);
  if (words.length === 0) return { surname: '', middle: '', given: '' };
  if (words.length === 1) return { surname: '', middle: '', given: words[0] ?? '' };
  return { surname: words[0] ?? '', middle: words.slice(1, -1).join(' '), given: words[words.length - 1] ?? '' };
}

/** The key of one syllable: its letters then its tone digit. */
export function syllableKey(syllable: string): string {
  const decomposed = syllable.normalize('NFD').toLowerCase();
  let letters = '';
  let tone = '0';
  let pending: { base: string; modifier?: string } | undefined;
  const flush = () => {
    if (pending) letters += letterKey(pending.base, pending.modifier);
    pending = undefined;
  };
  for (const raw of decomposed) {
    // legacy converters type Đ as the Icelandic Ð (U+00D0), whose lower case is ð
    const ch = raw === 'ð' ? 'đ' : raw;
    if (letterModifiers[ch]) {
      if (pending && !pending.modifier) pending.modifier = letterModifiers[ch];
    } else if (toneMarks[ch]) {
      if (tone === '0') tone = toneMarks[ch] ?? '0';
    } else if (/\p{M}/u.test(ch)) {
      // another combining mark (a foreign accent): ignored
    } else if (/\p{L}/u.test(ch)) {
      flush();
      pending = { base: ch };
    } else if (/\p{N}/u.test(ch)) {
      flush();
      letters += 'z9';
    }
    // anything else (apostrophe, dot, hyphen inside a word): dropped
  }
  flush();
  return letters + tone;
}

function fieldKey(field: string): string {
  const syllables = field.split(/[\s-]+/u).filter((s) => s.length > 0);
  return syllables.map(syllableKey).join(SYLL_SEP);
}

/**
 * A key whose byte order is the Vietnamese class-list order: given name, middle name, surname;
 * letters a ă â b … y; tones ngang < huyền < hỏi < ngã < sắc < nặng after the letters.
 * Store it (`sort_key text COLLATE "C"`) and `ORDER BY sort_key, full_name, id`.
 */
export function vietnameseSortKey(fullName: string): string {
  const { surname, middle, given } = splitFullName(fullName);
  return [fieldKey(given), fieldKey(middle), fieldKey(surname)].join(FIELD_SEP);
}

/**
 * The same order as a comparator, written independently of the key (syllable by syllable, letter
 * by letter): for in-memory sorting and to check the key against.
 */
export function compareVietnameseNames(a: string, b: string): number {
  const pa = splitFullName(a);
  const pb = splitFullName(b);
  for (const field of ['given', 'middle', 'surname'] as const) {
    const c = compareField(pa[field], pb[field]);
    if (c !== 0) return c;
  }
  return 0;
}

interface Syllable {
  letters: number[];
  tone: number;
}

const alphabet = 'a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z'.split(' ');
const toneOrder = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];

function parseSyllable(s: string): Syllable {
  const letters: number[] = [];
  let tone = 0;
  let current = '';
  const push = () => {
    if (current === '') return;
    const exact = alphabet.indexOf(current.normalize('NFC'));
    const base = current[0] ?? '';
    // a letter with a modifier it does not take counts as its base; a non-Latin letter goes last
    letters.push(exact >= 0 ? exact : /^[a-z]$/.test(base) ? alphabet.indexOf(base) : 99);
    current = '';
  };
  for (const raw of s.normalize('NFD').toLowerCase()) {
    const ch = raw === 'ð' ? 'đ' : raw;
    const t = toneOrder.indexOf(ch);
    if (t > 0) {
      if (tone === 0) tone = t;
    } else if (ch === '\u0306' || ch === '\u0302' || ch === '\u031b') {
      if (current.length === 1) current += ch;
    } else if (/\p{M}/u.test(ch)) {
      // foreign accent: ignored
    } else if (/\p{L}/u.test(ch)) {
      push();
      current = ch;
    } else if (/\p{N}/u.test(ch)) {
      push();
      letters.push(99);
    }
  }
  push();
  return { letters, tone };
}

function compareField(a: string, b: string): number {
  const sa = a
    .split(/[\s-]+/u)
    .filter((x) => x.length > 0)
    .map(parseSyllable);
  const sb = b
    .split(/[\s-]+/u)
    .filter((x) => x.length > 0)
    .map(parseSyllable);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i] as Syllable;
    const y = sb[i] as Syllable;
    for (let j = 0; j < Math.min(x.letters.length, y.letters.length); j++) {
      const d = (x.letters[j] as number) - (y.letters[j] as number);
      if (d !== 0) return d;
    }
    if (x.letters.length !== y.letters.length) return x.letters.length - y.letters.length;
    if (x.tone !== y.tone) return x.tone - y.tone;
  }
  return sa.length - sb.length;
}

const foldWordUncached = (word: string) =>
  word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐðÐ]/g, 'd')
    .toLowerCase();

// A province's file repeats a few thousand words (Nguyễn, Thị, Anh…) hundreds of thousands of times,
// so each is folded once. Bounded: a long-running server starts over rather than grow without end.
const foldedWords = new Map<string, string>();
const foldedWordsMax = 50_000;

function foldWord(word: string): string {
  let folded = foldedWords.get(word);
  if (folded === undefined) {
    folded = foldWordUncached(word);
    if (foldedWords.size >= foldedWordsMax) foldedWords.clear();
    foldedWords.set(word, folded);
  }
  return folded;
}

/**
 * Accent- and case-insensitive form for search ('Nguyễn Văn An' → 'nguyen van an'; đ → d), words
 * separated by one space. Store it beside the name and search with `LIKE`/trigram on it. Folding
 * word by word gives the same as folding the whole text (no fold makes or eats whitespace); a test
 * holds the two together.
 */
export function foldForSearch(text: string): string {
  let out = '';
  for (const word of text.split(/\s+/u)) {
    if (word === '') continue;
    const folded = foldWord(word);
    if (folded === '') continue;
    out = out === '' ? folded : `${out} ${folded}`;
  }
  return out;
}
