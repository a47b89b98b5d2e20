/**
 * One task function per primitive, for tinybench. Each iteration does what the primitive needs
 * around it (deliver the op's messages, restart a replica) but reports only the primitive's own
 * wall time as its sample (`overriddenDuration`).
 */
import { performance } from 'node:perf_hooks';
import type { FnReturnedObject } from 'tinybench';
import type { Primitive } from './bench-result.ts';
import type { BenchRig } from './bench-rig.ts';

type Iteration = () => Promise<FnReturnedObject>;

const sample = (ms: number): FnReturnedObject => ({ overriddenDuration: ms });

export const PRIMITIVE_TASKS: Readonly<Record<Primitive, (rig: BenchRig) => Iteration>> = {
  'apply-local-op': (rig) => async () => {
    const ms = await rig.applyLocal(rig.nextOp());
    await rig.quiesce();
    return sample(ms);
  },
  'encode-state': (rig) => () => {
    const replica = rig.system.replica('c1');
    const t0 = performance.now();
    const size = replica.storedBytes();
    const ms = performance.now() - t0;
    if (!(size.bytes > 0)) throw new Error('the encoded state is empty');
    return Promise.resolve(sample(ms));
  },
  'apply-remote-update': (rig) => async () => {
    await rig.applyLocal(rig.nextOp());
    const { receivingMs } = await rig.quiesce('c1');
    return sample(receivingMs);
  },
  'load-from-storage': (rig) => async () => {
    await rig.crash('c1');
    const openMs = await rig.restart('c1');
    const { totalMs } = await rig.quiesce();
    return sample(openMs + totalMs);
  },
  'bootstrap-replica': (rig) => async () => {
    await rig.crash('c2', true);
    const openMs = await rig.restart('c2');
    const { totalMs } = await rig.quiesce();
    return sample(openMs + totalMs);
  },
};

/** Checks after a primitive that every client still holds what the server holds. */
export function checkAgreement(rig: BenchRig, primitive: Primitive): void {
  if (!rig.agreed()) throw new Error(`after ${primitive}, the clients do not hold what the server holds`);
}
