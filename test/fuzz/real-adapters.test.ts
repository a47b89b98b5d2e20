// Property tests of the real adapters (fixed seeds, a few hundred cases, fast): generated edits
// and fault schedules on Yjs and the reference engine must complete, converge, keep every insert,
// keep the journal's books and give one digest per seed. `npm run fuzz:long` runs
// far more. PouchDB and RxDB are too slow for a few hundred cases here, and Automerge fails within
// a few dozen; what the fuzzer found in them is pinned below with the shrunk cases
// (docs/findings.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pouchdbAdapter } from '../../adapters/pouchdb/index.ts';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import { rxdbAdapter } from '../../adapters/rxdb/index.ts';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { hocuspocusAdapter } from '../../adapters/yjs/hocuspocus.ts';
import { automergeAdapter } from '../../adapters/automerge/index.ts';
import { loroAdapter } from '../../adapters/loro/index.ts';
import { sharedbAdapter } from '../../adapters/sharedb/index.ts';
import { tinybaseAdapter } from '../../adapters/tinybase/index.ts';
import { judgeCase } from '../../src/fuzz/judge-case.ts';
import { caseJson, fuzzEngine } from '../../src/fuzz/run-fuzz.ts';
import fc from 'fast-check';
import type { FuzzCase } from '../../src/fuzz/fuzz-case.ts';
import { COLLECTION, caseArb } from '../../src/fuzz/fuzz-case.ts';
import { scenarioFromJson } from '../../src/scenario/json-scenario.ts';
import { LiveSystem } from '../../src/runner/live-system.ts';
import { randomStream } from '../../src/sim/prng.ts';
import type { EditIntent } from '../../src/scenario/edit-intent.ts';
import { EDIT_KINDS } from '../../src/scenario/edit-intent.ts';

const options = { seed: 7, maxOps: 20, maxClients: 3, maxFaults: 4 } as const;
/** Yjs (on either server) fails any case where a v1 client writes after another upgraded (pinned below), so its searches leave upgrades out. */
const NO_UPGRADES: EditIntent['kind'][] = EDIT_KINDS.filter((k) => k !== 'upgrade');

describe('real adapters under generated schedules', () => {
  it.each([
    ['reference', 'stream', 300, referenceAdapter, EDIT_KINDS],
    ['yjs', 'stream', 300, yjsAdapter, NO_UPGRADES],
    ['hocuspocus', 'stream', 100, hocuspocusAdapter, NO_UPGRADES],
  ] as const)(
    '%s over %s: %s cases hold every property',
    async (_name, transport, runs, adapter, edits) => {
      const result = await fuzzEngine(adapter, { ...options, transport, runs, edits });
      if (result.state === 'failed')
        throw new Error(`${result.failure?.verdict.property}: ${result.failure?.verdict.detail}`);
      expect(result).toMatchObject({ state: 'passed', cases: runs });
    },
    120_000,
  );
});

describe('partial-sync cases', () => {
  const steady = {
    delay: 20,
    jitter: 0,
    distribution: 'constant',
    loss: 0,
    duplicate: 0,
    reorder: 0,
    reset: 0,
    rate: 0,
  } as const;
  /** c1 syncs team 1; c2 creates a record of each team, then swaps their teams. */
  const swap: FuzzCase = {
    seed: 1,
    clients: 2,
    network: steady,
    subscribed: [1],
    steps: [
      {
        at: 0,
        client: 2,
        edit: { kind: 'create', collection: COLLECTION, fields: { status: 'todo', size: 'S', team: 1 } },
      },
      {
        at: 250,
        client: 2,
        edit: { kind: 'create', collection: COLLECTION, fields: { status: 'todo', size: 'M', team: 2 } },
      },
      { at: 1000, client: 2, edit: { kind: 'update', collection: COLLECTION, slot: 0, fields: { team: 2 } } },
      { at: 1000, client: 2, edit: { kind: 'update', collection: COLLECTION, slot: 1, fields: { team: 1 } } },
    ],
  };

  it('the reference engine: a subscribed client ends with exactly its slice as records move in and out of it', async () => {
    const json = caseJson(swap, 'stream');
    expect(JSON.parse(json)).toMatchObject({
      subscriptions: { c1: { collection: COLLECTION, where: { team: 1 } } },
    });
    expect(await judgeCase(referenceAdapter, json, swap.seed)).toMatchObject({ state: 'passed' });
    const plan = scenarioFromJson('swap', json).plan('default', (s) => randomStream(1, s), {});
    const system = await LiveSystem.open(plan, referenceAdapter, swap.seed);
    for (let next = system.nextTime(); next !== undefined && next < 60_000; next = system.nextTime())
      await system.step();
    expect(system.replica('c1').snapshot().collections[COLLECTION]).toEqual({
      'c2-e2': { status: 'todo#c2-e2', size: 'M#c2-e2', team: 1 },
    });
    expect(Object.keys(system.replica('server').snapshot().collections[COLLECTION] ?? {})).toEqual([
      'c2-e1',
      'c2-e2',
    ]);
    await system.close();
  }, 30_000);

  it('cases for an engine with partial sync give records a team and some clients a slice; others never', () => {
    const limits = {
      maxClients: 3,
      maxOps: 20,
      maxFaults: 4,
      edits: EDIT_KINDS,
      faults: [],
      unreliable: false,
      maxDurationMs: 10_000,
      topologies: ['star'],
    } as const;
    const sliced = fc.sample(caseArb({ ...limits, partialSync: true }), { seed: 1, numRuns: 300 });
    const share = sliced.filter((c) => c.subscribed?.length).length / sliced.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.5);
    const full = fc.sample(caseArb(limits), { seed: 1, numRuns: 300 });
    expect(full.some((c) => c.subscribed !== undefined || JSON.stringify(c.steps).includes('team'))).toBe(
      false,
    );
  });
});

/** A shrunk case the fuzzer wrote, with the engine and seed it records. */
function recorded(file: string): { text: string; seed: number; property: string } {
  const text = readFileSync(new URL(`./cases/${file}`, import.meta.url), 'utf8');
  const { fuzz } = JSON.parse(text) as { fuzz: { seed: number; property: string } };
  return { text, seed: fuzz.seed, property: fuzz.property };
}

describe('findings the fuzzer made in the real adapters (if one starts passing, the library changed: update docs/findings.md)', () => {
  // automerge-repo falls into a sync loop once a sync message is lost with a dropped connection
  // (automerge-repo PR #368; docs/findings.md): the search finds it within 17 cases with no
  // faults but the network's resets (seed 7), and over a network that never resets (an offline
  // period drops the connection too), so Automerge is not in the property search above; its two
  // shrunk cases are pinned here.
  it('automerge-repo: a text insert over a link that resets 4 % of messages never reaches the other client', async () => {
    const { text, seed } = recorded('automerge-reset-sync-loop.json');
    expect(await judgeCase(automergeAdapter, text, seed)).toMatchObject({
      state: 'failed',
      property: 'converges',
    });
  }, 60_000);

  it('automerge-repo: a text edit in flight when a client goes offline never reaches it', async () => {
    const { text, seed } = recorded('automerge-offline-sync-loop.json');
    expect(await judgeCase(automergeAdapter, text, seed)).toMatchObject({
      state: 'failed',
      property: 'converges',
    });
  }, 60_000);

  // Found by the fuzzer's upgrade cases. An upgrade says hello again on the live connection, and
  // the server's catch-up counts from the revision that hello named, so what the server had sent
  // before it applied twice: (1) c1 inserts a token, erases it and upgrades at 500 ms while the
  // answers are on their way ("operation spans 8 characters, the text has 0"); (2) the upgrade's
  // hello goes out before the welcome to the hello of a fresh connection, and the token is
  // doubled. The client now counts its hellos and takes only the last one's answer, with
  // nothing the server sent before it (as if lost with a connection).
  it.each([
    ['an erase runs twice', 'reference-upgrade-text-twice.json'],
    ['two welcomes double a token', 'reference-upgrade-two-hellos.json'],
  ])(
    'the reference engine, hello again after an upgrade on a live connection: %s no more',
    async (_name, file) => {
      const { text, seed } = recorded(file);
      expect(await judgeCase(referenceAdapter, text, seed)).toMatchObject({ state: 'passed' });
    },
    30_000,
  );

  // Found by the fuzzer's partial-sync cases (c1 syncs team 1 only): (1) c1 moves a record into
  // its slice with its own update, and the server only acknowledged it, so c1 never got what
  // c2 had written to the record while it was outside; the server now sends the author the
  // whole record after the acknowledgement. (2) c1 edited the text, which its slice does not
  // hold, on a copy the server no longer updated, and its edits were transformed against
  // changes it never saw, so c1's second token was lost for everyone; such a client now refuses
  // text edits.
  it.each([
    ['a record its own write moves into its slice is whole', 'reference-slice-entered-by-own-write.json'],
    ['its text edits no longer garble the text', 'reference-slice-text-edit.json'],
  ])(
    'the reference engine, a client that syncs a slice: %s',
    async (_name, file) => {
      const { text, seed } = recorded(file);
      expect(await judgeCase(referenceAdapter, text, seed)).toMatchObject({ state: 'passed' });
    },
    30_000,
  );

  // A field-level CRDT cannot translate a rename: an upgraded client holds what a v1 client
  // writes as v1 wrote it (docs/findings.md, yjs-upgrade-stale-names and
  // automerge-upgrade-stale-names). Shrunk to one upgrade and one v1 create 30 s later.
  it.each([
    ['Yjs', 'yjs-upgrade-v1-create.json', yjsAdapter, 'c2 differs at collections.items.c1-e1.owner'],
    [
      'Automerge',
      'automerge-upgrade-v1-create.json',
      automergeAdapter,
      'c2 differs at collections.items.c1-e1.owner',
    ],
    [
      'Hocuspocus',
      'hocuspocus-upgrade-v1-create.json',
      hocuspocusAdapter,
      'c1 differs at collections.items.c2-e1.owner',
    ],
    ['Loro', 'loro-upgrade-v1-create.json', loroAdapter, 'c1 differs at collections.items.c2-e1.owner'],
    [
      'ShareDB',
      'sharedb-upgrade-v1-create.json',
      sharedbAdapter,
      'c1 differs at collections.items.c2-e1.owner',
    ],
    [
      'TinyBase',
      'tinybase-upgrade-v1-create.json',
      tinybaseAdapter,
      'c1 differs at collections.items.c2-e1.owner',
    ],
  ] as const)(
    '%s: a record a v1 client creates after another client upgraded lacks the added field there',
    async (_name, file, adapter, where) => {
      const { text, seed } = recorded(file);
      expect(await judgeCase(adapter, text, seed)).toMatchObject({
        state: 'failed',
        property: 'converges',
        detail: `not converged: ${where}`,
      });
    },
    60_000,
  );

  it("RxDB: a client's own pre-upgrade document comes back from the server, over the update it made after upgrading", async () => {
    // One client, a reliable network, no faults: c1 creates a record at v1, upgrades at 250 ms
    // and updates the record at the same instant. RxDB's migration rewrites the local
    // collection, but the replication endpoint stores documents as pushed, so the v1 document
    // wins the pull and the update is gone (docs/findings.md, rxdb-upgrade-keeps-old-documents).
    const { text, seed } = recorded('rxdb-upgrade-own-old-document.json');
    expect(await judgeCase(rxdbAdapter, text, seed)).toMatchObject({
      state: 'failed',
      property: 'converges',
      detail: 'not converged: c1 differs at collections.items.c1-e1.owner',
    });
  }, 30_000);

  it('PouchDB keeps a write its client crashes at the same instant as: the old judge saw it lost because it judged before the restarted replica opened its database', async () => {
    // This case was the finding "PouchDB loses a write that a crash interrupts in the same
    // millisecond". The run was judged at the heal itself, when the restarted c1 had not yet
    // loaded its database and the server had not yet heard of the record: both empty, so
    // "equal", with the create missing. Judged after the quiet window, c1 reopens its database,
    // the record is there and reaches the server: nothing was lost.
    const { text, seed } = recorded('pouchdb-crash-same-instant.json');
    expect(await judgeCase(pouchdbAdapter, text, seed)).toMatchObject({ state: 'passed' });
  }, 30_000);

  it('PouchDB keeps both of two updates its client makes to one record at the same instant', async () => {
    // Found by the history checker (keeps updates), shrunk to one client and two batched writes
    // at 0 ms. The adapter issued the second put() with the revision the first had replaced, and
    // PouchDB refused it with a 409 after the adapter had reported it applied; each put now waits
    // for the one before it on the same document and builds on its revision.
    const { text, seed } = recorded('pouchdb-same-instant-updates.json');
    expect(await judgeCase(pouchdbAdapter, text, seed)).toMatchObject({ state: 'passed' });
  }, 30_000);

  it("RxDB's websocket replication: a push in flight when the connection drops is never answered, and the client never syncs again", async () => {
    // Seed 3: c1 creates a record at the instant a partition cuts it off; the push is lost with
    // the connection. The plugin waits for its answer forever (it neither fails nor re-sends a
    // request on reconnect), so after the heal nothing is pushed or pulled.
    const { text, seed } = recorded('rxdb-lost-request-stalls.json');
    expect(await judgeCase(rxdbAdapter, text, seed)).toMatchObject({
      state: 'failed',
      property: 'converges',
      detail: 'not converged: c1 differs at collections.items.c1-e2',
    });
    // One millisecond later the answer has arrived before the cut, and the same case converges.
    const later = text.replace(/"at": 3250,\n(\s*)"kind": "fault"/, '"at": 3251,\n$1"kind": "fault"');
    expect(later).not.toBe(text);
    expect(await judgeCase(rxdbAdapter, later, seed)).toMatchObject({ state: 'passed' });
  }, 30_000);

  it("Loro's websocket client: a first join whose answer is lost with its connection is never sent again, and the client never syncs", async () => {
    // Two clients; c1 creates a record at 0 ms. c2's join reaches the server, and a reset (the
    // network resets 1 % of messages) drops the connection before the answer arrives. The
    // client reconnects but re-sends only the joins of rooms it had joined or had queued, so its
    // room stays pending: c2 never gets the record (docs/findings.md, loro-join-lost-with-connection).
    const { text, seed } = recorded('loro-join-lost-with-connection.json');
    expect(await judgeCase(loroAdapter, text, seed)).toMatchObject({
      state: 'failed',
      property: 'converges',
      detail: 'not converged: c2 differs at collections.items.c1-e1',
    });
    // Without the reset the join is answered and the same case converges.
    const quiet = text.replaceAll('"reset": 0.01', '"reset": 0');
    expect(quiet).not.toBe(text);
    expect(await judgeCase(loroAdapter, quiet, seed)).toMatchObject({ state: 'passed' });
  }, 30_000);

  // ShareDB (docs/findings.md): its client keeps pending ops in memory only, and three ways a
  // lost acknowledgement or a reconnect leaves a client's documents wrong for good.
  it.each([
    [
      'a text insert its client crashes at the same instant as is gone: pending ops live in memory only',
      'sharedb-client-crash-loses-pending.json',
      'keeps inserts',
      '1 inserts lost: doc:{c1-e.1}',
    ],
    [
      'a create re-sent after its acknowledgement was lost brings back the record another client deleted meanwhile',
      'sharedb-resent-create-resurrects.json',
      'keeps deletes',
      'lost delete of items/c2-e1',
    ],
    [
      "a client whose create's acknowledgement was lost never gets the update another client made meanwhile",
      'sharedb-lost-ack-stale-doc.json',
      'converges',
      'not converged: c1 differs at collections.items.c1-e1.size',
    ],
  ] as const)(
    'ShareDB: %s',
    async (_name, file, property, detail) => {
      const { text, seed } = recorded(file);
      const verdict = await judgeCase(sharedbAdapter, text, seed);
      expect(verdict).toMatchObject({ state: 'failed', property });
      expect(verdict.state === 'failed' ? verdict.detail : '').toContain(detail);
    },
    30_000,
  );

  it('TinyBase: a create on a link whose round trips outlast its 1 s request timeout never reaches the server', async () => {
    // 2 clients on a 125 ms link that loses 9 % of packets (TCP resends them late): c2's sync
    // requests time out after TinyBase's default 1 s and are not sent again, so its record stays
    // on c2 (docs/findings.md, tinybase-request-timeout).
    const { text, seed } = recorded('tinybase-slow-link-request-timeout.json');
    expect(await judgeCase(tinybaseAdapter, text, seed)).toMatchObject({
      state: 'failed',
      property: 'converges',
      detail: 'not converged: c2 differs at collections.items.c2-e1',
    });
  }, 60_000);
});
