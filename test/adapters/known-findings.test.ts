// The known findings as data: which runs they explain, when they say they no longer reproduce,
// and that the registry stays true to the engines and to docs/findings.md.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FindingQuery } from '../../adapters/known-findings.ts';
import { KNOWN_FINDINGS, knownFindingOf } from '../../adapters/known-findings.ts';
import { builtInEngines } from '../../adapters/registry.ts';
import { SCENARIO_NAMES } from '../../scenarios/registry.ts';

const rxdbStall: FindingQuery = {
  engine: 'rxdb',
  libraryVersion: '17.6.0',
  scenario: 'flaky-mobile',
  scale: 'default',
  seed: 9,
  changedNetwork: true,
  failed: true,
};

describe('knownFindingOf', () => {
  it("explains a failed run of the finding's engine, versions and scenarios, at any scale, seed or network", () => {
    expect(knownFindingOf(rxdbStall)).toEqual({
      id: 'rxdb-lost-request-stalls',
      summary: expect.stringContaining('stalls') as string,
      docs: 'docs/findings.md#rxdb-lost-request-stalls',
      reproduced: true,
    });
  });

  it('explains nothing outside them: another scenario, engine or library version', () => {
    expect(knownFindingOf({ ...rxdbStall, scenario: 'crash-restart' })).toBeUndefined();
    expect(knownFindingOf({ ...rxdbStall, engine: 'yjs' })).toBeUndefined();
    expect(knownFindingOf({ ...rxdbStall, libraryVersion: '18.0.0' })).toBeUndefined();
  });

  it('says a finding no longer reproduces only when the run that shows it passes', () => {
    const shows = { ...rxdbStall, scenario: 'concurrent-edits', scale: 'ci', seed: 1, changedNetwork: false };
    expect(knownFindingOf({ ...shows, failed: false })).toMatchObject({
      id: 'rxdb-lost-request-stalls',
      reproduced: false,
    });
    expect(knownFindingOf({ ...shows, failed: false, seed: 2 })).toBeUndefined();
    expect(knownFindingOf({ ...shows, failed: false, changedNetwork: true })).toBeUndefined();
  });
});

describe('the registry', () => {
  it('names built-in engines at their installed versions, built-in scenarios, and a run at ci scale or a test that pins it', async () => {
    const engines = await builtInEngines();
    for (const f of KNOWN_FINDINGS) {
      const engine = engines.find((e) => e.name === f.engine);
      expect(engine, f.id).toBeDefined();
      // A library upgrade outside the range makes the finding unknown: re-check it, then move the range.
      expect(
        knownFindingOf({
          ...f.shownBy,
          engine: f.engine,
          libraryVersion: engine?.version ?? '',
          changedNetwork: false,
          failed: true,
        }),
        f.id,
      ).toBeDefined();
      expect(
        f.scenarios.every((s) => (SCENARIO_NAMES as readonly string[]).includes(s)),
        f.id,
      ).toBe(true);
      expect(f.scenarios).toContain(f.shownBy.scenario);
      if (f.shownBy.scale === 'ci') expect(f.pinnedBy, f.id).toBeUndefined();
      else expect(existsSync(f.pinnedBy ?? ''), `${f.id} is pinned by a test at ci size`).toBe(true);
    }
  });

  it('gives every finding a unique kebab-case id with its section in docs/findings.md', () => {
    const ids = KNOWN_FINDINGS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    const page = readFileSync('docs/findings.md', 'utf8');
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(page, id).toContain(`<a id="${id}"></a>`);
    }
  });
});
