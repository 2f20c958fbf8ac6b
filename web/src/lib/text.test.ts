import { describe, expect, it } from 'vitest';
import { fold, foldFilter } from './text.ts';

describe('accent-insensitive matching', () => {
  it('finds a name typed without accents', () => {
    expect(fold('Đặng Thu Hà')).toBe('dang thu ha');
    expect(foldFilter('dang thu', { label: 'Đặng Thu Hà' })).toBe(true);
    expect(foldFilter('vu minh', { label: 'Đặng Thu Hà' })).toBe(false);
  });
});
