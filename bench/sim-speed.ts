/**
 * Simulator core speed: message deliveries per second through the network (stream transport,
 * journal on) with no-op endpoints that answer each message with another, next to a bare
 * binary-heap push/pop loop with the same number of events in flight. Prints both, the ratio, and
 * the bytes the network loop allocates per delivery (from V8's GC statistics: what each collection
 * found in use, less what the one before left, plus what is in use at the end).
 *
 *   npm run bench:sim [-- deliveries=1000000 inFlight=1000]
 */
import { performance } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { EventQueue } from '../src/sim/event-queue.ts';
import { Journal } from '../src/sim/journal.ts';
import { PROFILES } from '../src/sim/link-profile.ts';
import { Network } from '../src/sim/network.ts';
import { randomStream } from '../src/sim/prng.ts';
import { Simulation } from '../src/sim/simulation.ts';

const arg = (name: string, fallback: number): number => {
  const hit = process.argv.find((a) => a.startsWith(`${name}=`));
  return hit ? Number(hit.slice(name.length + 1)) : fallback;
};
const deliveries = arg('deliveries', 1_000_000);
const inFlight = arg('inFlight', 1_000);
const replicas = 8;

function networkLoop(): number {
  const sim = new Simulation();
  const journal = new Journal();
  const ids = Array.from({ length: replicas }, (_, i) => `p${i}`);
  const pairs: [string, string][] = [];
  ids.forEach((a, i) => ids.slice(i + 1).forEach((b) => pairs.push([a, b])));
  const profile = { ...PROFILES.wifi, loss: 0, reset: 0, rate: 0 };
  const network = new Network({ sim, seed: 1, transport: 'stream', pairs, profile, journal });
  const random = randomStream(1, 'bench');
  const payload = new Uint8Array(64);
  let delivered = 0;
  for (const id of ids) {
    network.attach(id, {
      receive: () => {
        delivered++;
        if (delivered + inFlight <= deliveries) {
          let to = random.pick(ids);
          if (to === id) to = ids[(ids.indexOf(id) + 1) % ids.length] ?? id;
          network.send(id, to, payload);
        }
      },
      connected: () => {},
      disconnected: () => {},
    });
  }
  network.start();
  while (sim.step(1_000)); // connect
  for (let i = 0; i < inFlight; i++)
    network.send(ids[i % replicas] ?? 'p0', ids[(i + 1) % replicas] ?? 'p1', payload);
  const profiler = new GCProfiler();
  const usedBefore = getHeapStatistics().used_heap_size;
  profiler.start();
  const t0 = performance.now();
  while (sim.step());
  const ms = performance.now() - t0;
  const usedAfter = getHeapStatistics().used_heap_size;
  const gcs = profiler.stop()?.statistics ?? [];
  if (delivered !== deliveries) throw new Error(`delivered ${delivered}, expected ${deliveries}`);
  let allocated = 0;
  let left = usedBefore;
  for (const gc of gcs) {
    allocated += gc.beforeGC.heapStatistics.usedHeapSize - left;
    left = gc.afterGC.heapStatistics.usedHeapSize;
  }
  allocated += usedAfter - left;
  bytesPerDelivery = allocated / deliveries;
  return deliveries / (ms / 1000);
}

let bytesPerDelivery = 0;

function heapLoop(): number {
  const queue = new EventQueue();
  const random = randomStream(1, 'heap');
  const noop = (): void => {};
  for (let i = 0; i < inFlight; i++) queue.push(random.next() * 10, noop);
  const t0 = performance.now();
  let popped = 0;
  while (queue.runNext()) {
    popped++;
    if (popped + inFlight <= deliveries) queue.push(queue.lastTime + random.next() * 10, noop);
  }
  const ms = performance.now() - t0;
  return popped / (ms / 1000);
}

const net = networkLoop();
const heap = heapLoop();
console.log(
  `deliveries:                 ${deliveries} (${inFlight} in flight, ${replicas} replicas, stream transport, journal on)`,
);
console.log(`network deliveries/s:       ${Math.round(net).toLocaleString('en')}`);
console.log(`bare heap push+pop/s:       ${Math.round(heap).toLocaleString('en')}`);
console.log(`ratio (heap / network):     ${(heap / net).toFixed(1)}×`);
console.log(`allocated per delivery:     ${Math.round(bytesPerDelivery)} B (network loop, journal included)`);
