import { describe, expect, it } from 'vitest';
import { ms } from '../../src/scenario/duration.ts';

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['15m', 900_000],
    ['9h', 32_400_000],
    ['2d', 172_800_000],
    ['3w', 1_814_400_000],
    ['1.5h', 5_400_000],
    [1234, 1234],
  ])('%j is %i ms', (text, expected) => {
    expect(ms(text)).toBe(expected);
  });

  it.each(['3 weeks', '-5s', 'h', '', -1])('refuses %j, saying what a duration looks like', (bad) => {
    expect(() => ms(bad)).toThrow(/a duration must be .* got/);
  });
});
