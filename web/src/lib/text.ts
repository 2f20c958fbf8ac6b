/** Accent-insensitive form of a text for matching ('Nguyễn Đức' → 'nguyen duc'). */
export const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

/** An antd Select `filterOption` that finds 'Nguyễn' by typing 'nguyen'. */
export const foldFilter = (input: string, option?: { label?: unknown }): boolean => fold(String(option?.label ?? '')).includes(fold(input));
