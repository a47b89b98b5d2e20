/**
 * The reference engine's headline figures, next to the other engines, on three workloads:
 *
 * 1. Offline catch-up: 4 clients share 500 records; c4 goes offline for 3 simulated weeks while
 *    c1–c3 update records during office hours; c4's catch-up bytes are compared with the JSON
 *    size of the records that changed meanwhile (the lower bound), as a ratio.
 * 2. Stored metadata after those 3 weeks: the server's stored bytes against its payload.
 * 3. Bootstrap: a client joins a workspace of 20,000 records; its bytes against the JSON size
 *    of the records.
 *
 * `npm run bench:reference [-- engines]` (default: reference,yjs,automerge).
 */
import type { Fields, Op, SyncAdapter } from '../src/contract/contract.ts';
import { builtInEngine } from '../adapters/registry.ts';
import type { ScenarioDefinition, Step } from '../src/scenario/define-scenario.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { canonicalJson, utf8Length } from '../src/contract/canonical.ts';
import type { CompletedRun } from '../src/runner/result.ts';
import { runScenario } from '../src/runner/run-scenario.ts';
import { PROFILES } from '../src/sim/link-profile.ts';
import { randomStream } from '../src/sim/prng.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEKS_3 = 21 * DAY;
const RECORDS = 500;
const UPDATES = 3_000;
const BOOTSTRAP_RECORDS = 20_000;

const engines = (process.argv[2] ?? 'reference,yjs,automerge').split(',');

const fieldsOf = (i: number) => ({
  title: `record ${i}`,
  status: 'todo',
  priority: i % 5,
  team: `team-${i % 7}`,
});

/** Records c1–c3 change while c4 is away, and the ops that change them. */
function offlineWeeks(): { scenario: ScenarioDefinition; changed: Map<string, Record<string, unknown>> } {
  const random = randomStream(1, 'offline-weeks');
  const steps: Step[] = [{ at: 0, kind: 'phase', name: 'seed' }];
  const records = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < RECORDS; i++) {
    const id = `r${i}`;
    records.set(id, fieldsOf(i));
    steps.push({
      at: i * 10,
      kind: 'op',
      replica: 'c1',
      op: { kind: 'create', collection: 'items', id, fields: fieldsOf(i) },
    });
  }
  steps.push({ at: HOUR, kind: 'fault', fault: { kind: 'offline', replica: 'c4' } });
  steps.push({ at: HOUR, kind: 'phase', name: 'weeks' });
  const changed = new Map<string, Record<string, unknown>>();
  for (let u = 0; u < UPDATES; u++) {
    const day = Math.floor((u / UPDATES) * 21);
    const at = day * DAY + 9 * HOUR + random.int(0, 8 * HOUR);
    const id = `r${random.int(0, RECORDS - 1)}`;
    const fields: Fields = random.chance(0.5)
      ? { status: random.pick(['todo', 'doing', 'done']) }
      : { priority: random.int(0, 4) };
    const op: Op = { kind: 'update', collection: 'items', id, fields };
    steps.push({ at: Math.max(at, HOUR + 1), kind: 'op', replica: random.pick(['c1', 'c2', 'c3']), op });
    changed.set(id, { ...(changed.get(id) ?? records.get(id)), ...fields });
    records.set(id, { ...records.get(id), ...fields });
  }
  for (let d = 1; d <= 21; d++) steps.push({ at: d * DAY, kind: 'sample' });
  steps.push({ at: WEEKS_3 + HOUR, kind: 'phase', name: 'reconnect' });
  steps.push({ at: WEEKS_3 + HOUR, kind: 'fault', fault: { kind: 'online', replica: 'c4' } });
  steps.push({ at: WEEKS_3 + 2 * HOUR, kind: 'sample' });
  for (const [id] of changed) changed.set(id, records.get(id) ?? {});
  const scenario = defineScenario({
    name: 'offline-weeks-bench',
    description: 'c4 offline for 3 weeks while c1–c3 update 500 records',
    plan: () => ({
      topology: 'star',
      replicas: 4,
      transport: 'stream',
      profile: PROFILES.wifi,
      schema: { collections: ['items'], texts: [] },
      workload: { weights: {}, collection: 'items', textDoc: 'notes', hotPrefix: 'hot-' },
      steps,
      settleDeadlineMs: HOUR,
    }),
  });
  return { scenario, changed };
}

function bootstrap(): ScenarioDefinition {
  const steps: Step[] = [
    { at: 0, kind: 'phase', name: 'seed' },
    { at: 0, kind: 'fault', fault: { kind: 'offline', replica: 'c2' } },
  ];
  for (let i = 0; i < BOOTSTRAP_RECORDS; i++)
    steps.push({
      at: i,
      kind: 'op',
      replica: 'c1',
      op: { kind: 'create', collection: 'items', id: `r${i}`, fields: fieldsOf(i) },
    });
  steps.push({ at: HOUR, kind: 'phase', name: 'bootstrap' });
  steps.push({ at: HOUR, kind: 'fault', fault: { kind: 'online', replica: 'c2' } });
  steps.push({ at: 2 * HOUR, kind: 'sample' });
  return defineScenario({
    name: 'bootstrap-bench',
    description: 'c2 joins a workspace of 20,000 records over a 10 Mbit/s, 80 ms link',
    plan: () => ({
      topology: 'star',
      replicas: 2,
      transport: 'stream',
      profile: { ...PROFILES.lan, delay: 80, rate: 10_000_000 },
      schema: { collections: ['items'], texts: [] },
      workload: { weights: {}, collection: 'items', textDoc: 'notes', hotPrefix: 'hot-' },
      steps,
      settleDeadlineMs: 2 * HOUR,
    }),
  });
}

async function run(scenario: ScenarioDefinition, adapter: SyncAdapter): Promise<CompletedRun> {
  const { result } = await runScenario({ scenario, adapter, seed: 1, scale: 'default', replay: '' });
  if (result.state !== 'completed')
    throw new Error(`${adapter.name}: ${result.state} ${JSON.stringify(result)}`);
  if (!result.converged)
    console.log(`  (${adapter.name} did not converge: ${JSON.stringify(result.divergences)})`);
  return result;
}

const phaseBytes = (r: CompletedRun, ...names: string[]) =>
  r.wire.phases.filter((p) => names.includes(p.phase)).reduce((n, p) => n + p.bytes, 0);

const offline = offlineWeeks();
const lowerBound = utf8Length(canonicalJson(Object.fromEntries(offline.changed)));
const boot = bootstrap();
const bootLowerBound = utf8Length(
  canonicalJson(
    Object.fromEntries(Array.from({ length: BOOTSTRAP_RECORDS }, (_, i) => [`r${i}`, fieldsOf(i)])),
  ),
);
console.log(
  `offline catch-up lower bound: ${offline.changed.size} changed records, ${lowerBound} bytes of JSON`,
);
console.log(`bootstrap lower bound: ${BOOTSTRAP_RECORDS} records, ${bootLowerBound} bytes of JSON\n`);
console.log('engine       catch-up B  ratio   server stored/payload  bootstrap B  ratio');
for (const name of engines) {
  const adapter = await builtInEngine(name);
  if (!adapter) throw new Error(`unknown engine ${name}`);
  const weeks = await run(offline.scenario, adapter);
  const catchUp = phaseBytes(weeks, 'reconnect', 'settle');
  const server = weeks.storage.server;
  const joined = await run(boot, adapter);
  const bootBytes = phaseBytes(joined, 'bootstrap', 'settle');
  console.log(
    `${name.padEnd(12)} ${String(catchUp).padStart(10)}  ${(catchUp / lowerBound).toFixed(2).padStart(5)}   ` +
      `${String(server.storedBytes).padStart(8)} / ${String(server.payloadBytes).padEnd(8)} ${server.metadataOverhead.toFixed(2).padStart(5)}  ` +
      `${String(bootBytes).padStart(11)}  ${(bootBytes / bootLowerBound).toFixed(2).padStart(5)}`,
  );
}
