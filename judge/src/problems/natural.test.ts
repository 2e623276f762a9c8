import { describe, expect, it } from 'vitest';
import { naturalCompare } from './natural.js';

describe('naturalCompare', () => {
  it('orders numbers by value, text by code point', () => {
    const names = ['10', '2', '1', '01', 'b', 'a10', 'a9', 'a', '02a', '2b', '100', '99999999999999999999'];
    expect([...names].sort(naturalCompare)).toEqual([
      '01',
      '1',
      '2',
      '02a',
      '2b',
      '10',
      '100',
      '99999999999999999999',
      'a',
      'a9',
      'a10',
      'b',
    ]);
  });

  it('is a consistent order: equal only for equal strings', () => {
    expect(naturalCompare('07', '07')).toBe(0);
    expect(Math.sign(naturalCompare('07', '7'))).toBe(-Math.sign(naturalCompare('7', '07')));
    expect(naturalCompare('07', '7')).not.toBe(0);
    expect(naturalCompare('', 'a')).toBeLessThan(0);
  });
});
