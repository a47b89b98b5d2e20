/**
 * The known findings: what the built-in engines are known to get wrong, as data. A run that fails
 * where a finding says its engine fails (the engine, a library version in the finding's range, one
 * of its scenarios) is that finding, not a new failure: `syncbench run` reports it as
 * `known finding <id>` and still exits 0 (unless `--strict`). A run that passes where a finding
 * was shown (its exact scenario, scale and seed) says the finding no longer reproduces: the
 * library may have fixed it. Each finding is written up in docs/findings.md at its anchor.
 */
import semver from 'semver';

export interface KnownFinding {
  /** Kebab-case; also its anchor in docs/findings.md. */
  readonly id: string;
  readonly engine: string;
  /** The engine's library versions it is known for (a semver range of `libraryVersion`). */
  readonly versions: string;
  /** Scenarios whose failed runs it explains, at any scale or seed. */
  readonly scenarios: readonly string[];
  /**
   * The run that shows it (on the scenario's own network, uncompressed): at ci scale, which the CI
   * matrix runs, it must fail there. A finding only a larger scale shows names the test that pins
   * it at a size npm test runs (`pinnedBy`).
   */
  readonly shownBy: { readonly scenario: string; readonly scale: string; readonly seed: number };
  /** For a finding shown above ci scale: the test file that reproduces it small. */
  readonly pinnedBy?: string;
  /** One line: what happens. */
  readonly summary: string;
}

/** What a run's result says about a finding. */
export interface KnownFindingMatch {
  readonly id: string;
  readonly summary: string;
  /** Where it is written up. */
  readonly docs: string;
  /** True: the run failed as the finding says. False: the run that shows it passed. */
  readonly reproduced: boolean;
}

export const KNOWN_FINDINGS: readonly KnownFinding[] = [
  {
    id: 'rxdb-lost-request-stalls',
    engine: 'rxdb',
    versions: '>=17.6.0 <18',
    scenarios: ['concurrent-edits', 'flaky-mobile'],
    shownBy: { scenario: 'concurrent-edits', scale: 'ci', seed: 1 },
    summary: "a request lost with its connection stalls RxDB's websocket replication for good",
  },
  {
    id: 'automerge-repo-sync-loop',
    engine: 'automerge',
    versions: '>=3.5.0 <4',
    scenarios: ['flaky-mobile', 'concurrent-edits'],
    shownBy: { scenario: 'flaky-mobile', scale: 'ci', seed: 1 },
    summary:
      "after a sync message is lost with its connection, automerge-repo's peers loop and never send the lost changes",
  },
  {
    id: 'rxdb-upgrade-keeps-old-documents',
    engine: 'rxdb',
    versions: '>=17.6.0 <18',
    scenarios: ['schema-upgrades'],
    shownBy: { scenario: 'schema-upgrades', scale: 'ci', seed: 1 },
    summary: 'clients that never upgrade push v1-shaped documents, which upgraded clients then hold',
  },
  {
    id: 'yjs-upgrade-stale-names',
    engine: 'yjs',
    versions: '>=13.6.0 <14',
    scenarios: ['schema-upgrades'],
    shownBy: { scenario: 'schema-upgrades', scale: 'ci', seed: 1 },
    summary: "upgraded clients read 'name', while the client that never upgrades keeps writing 'title'",
  },
  {
    id: 'hocuspocus-upgrade-stale-names',
    engine: 'hocuspocus',
    versions: '>=3.4.0 <4',
    scenarios: ['schema-upgrades'],
    shownBy: { scenario: 'schema-upgrades', scale: 'ci', seed: 1 },
    summary:
      "the same Yjs documents on another server: upgraded clients read 'name', while the client that never upgrades keeps writing 'title'",
  },
  {
    id: 'loro-upgrade-stale-names',
    engine: 'loro',
    versions: '>=1.17.0 <2',
    scenarios: ['schema-upgrades'],
    shownBy: { scenario: 'schema-upgrades', scale: 'ci', seed: 1 },
    summary:
      "upgraded clients read 'name' in their LoroMaps, while the client that never upgrades keeps writing 'title'",
  },
  {
    id: 'loro-join-over-256k',
    engine: 'loro',
    versions: '>=1.17.0 <2',
    scenarios: ['large-workspace'],
    shownBy: { scenario: 'large-workspace', scale: 'default', seed: 1 },
    pinnedBy: 'test/adapters/loro-findings.test.ts',
    summary:
      "loro-websocket's SimpleServer sends a joining client the whole room as one message, which loro-protocol refuses over 256 KiB: a client joining a larger room never gets it",
  },
  {
    id: 'sharedb-upgrade-stale-names',
    engine: 'sharedb',
    versions: '>=7.0.0 <8',
    scenarios: ['schema-upgrades'],
    shownBy: { scenario: 'schema-upgrades', scale: 'ci', seed: 1 },
    summary:
      "upgraded clients read 'name' in their json0 documents, while the client that never upgrades keeps writing 'title'",
  },
  {
    id: 'tinybase-upgrade-stale-names',
    engine: 'tinybase',
    versions: '>=10.0.0 <11',
    scenarios: ['schema-upgrades'],
    shownBy: { scenario: 'schema-upgrades', scale: 'ci', seed: 1 },
    summary:
      "upgraded clients read 'name' in their MergeableStore rows, while the client that never upgrades keeps writing 'title'",
  },
  {
    id: 'tinybase-request-timeout',
    engine: 'tinybase',
    versions: '>=10.0.0 <11',
    scenarios: ['large-workspace'],
    shownBy: { scenario: 'large-workspace', scale: 'default', seed: 1 },
    pinnedBy: 'test/fuzz/real-adapters.test.ts',
    summary:
      "TinyBase's synchronizer gives every request 1 s and never asks again: an exchange a slow link or a large store makes longer is dropped, and what it carried waits for the next change",
  },
  {
    id: 'automerge-upgrade-stale-names',
    engine: 'automerge',
    versions: '>=3.5.0 <4',
    scenarios: ['schema-upgrades'],
    shownBy: { scenario: 'schema-upgrades', scale: 'ci', seed: 1 },
    summary: "upgraded clients read 'name', while the client that never upgrades keeps writing 'title'",
  },
  {
    id: 'automerge-repo-save-throttle',
    engine: 'automerge',
    versions: '>=3.5.0 <4',
    scenarios: ['crash-restart'],
    // Seed 1 at ci crashes no client inside the window; the CI matrix runs seed 1, so
    // test/adapters/known-findings-reproduce.test.ts runs this one.
    shownBy: { scenario: 'crash-restart', scale: 'ci', seed: 15 },
    summary:
      'automerge-repo stores and sends a change only 100 ms after it is made, so an edit in the last 100 ms before a crash is lost',
  },
];

/** What a run of `engine` at `libraryVersion` is known for, if it fails in one of a finding's scenarios. */
export interface FindingQuery {
  readonly engine: string;
  readonly libraryVersion: string;
  readonly scenario: string;
  readonly scale: string;
  readonly seed: number;
  /** Set when the run's network is not the scenario's own (`--profile`, `--compression deflate`). */
  readonly changedNetwork: boolean;
  /** Whether the run failed (did not converge, lost inserts, failed a check). */
  readonly failed: boolean;
}

/**
 * The finding a run is: a failed run where a finding says its engine fails, or a passed run where
 * a finding was shown (it no longer reproduces). Undefined for every other run.
 */
export function knownFindingOf(run: FindingQuery): KnownFindingMatch | undefined {
  const mine = KNOWN_FINDINGS.filter(
    (f) =>
      f.engine === run.engine &&
      semver.satisfies(run.libraryVersion, f.versions) &&
      f.scenarios.includes(run.scenario),
  );
  const shows = (f: KnownFinding): boolean =>
    !run.changedNetwork &&
    f.shownBy.scenario === run.scenario &&
    f.shownBy.scale === run.scale &&
    f.shownBy.seed === run.seed;
  const found = run.failed ? mine[0] : mine.find(shows);
  if (!found) return undefined;
  return {
    id: found.id,
    summary: found.summary,
    docs: `docs/findings.md#${found.id}`,
    reproduced: run.failed,
  };
}
