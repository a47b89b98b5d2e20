/**
 * When faults were in force during a run, from its plan: a partition until the next heal, a
 * replica offline until it is back online, crashed until it restarts. Whatever is still in force
 * when the timeline ends lasts until the final heal. Reports shade these periods on time charts.
 */
import type { Step } from '../scenario/define-scenario.ts';
import type { FaultPeriod } from './result.ts';

export function faultPeriods(steps: readonly Step[], endOfTimelineMs: number): FaultPeriod[] {
  const periods: FaultPeriod[] = [];
  const open = new Map<string, { kind: FaultPeriod['kind']; replicas: string[]; fromMs: number }>();
  const close = (key: string, at: number): void => {
    const o = open.get(key);
    if (!o) return;
    periods.push({ ...o, toMs: at });
    open.delete(key);
  };
  const ordered = steps.filter((s) => s.kind === 'fault').sort((a, b) => a.at - b.at);
  for (const step of ordered) {
    if (step.kind !== 'fault') continue;
    const f = step.fault;
    switch (f.kind) {
      case 'partition':
      case 'partitionOneWay': {
        close('partition', step.at);
        const replicas = f.kind === 'partition' ? f.groups.flat() : [...f.from, ...f.to];
        open.set('partition', { kind: f.kind, replicas, fromMs: step.at });
        break;
      }
      case 'heal':
        close('partition', step.at);
        break;
      case 'offline':
      case 'crash':
        if (!open.has(`${f.kind}:${f.replica}`))
          open.set(`${f.kind}:${f.replica}`, { kind: f.kind, replicas: [f.replica], fromMs: step.at });
        break;
      case 'online':
        close(`offline:${f.replica}`, step.at);
        break;
      case 'restart':
        close(`crash:${f.replica}`, step.at);
        break;
      case 'degrade':
        break; // a lasting change of a link, not an outage
    }
  }
  for (const key of [...open.keys()]) close(key, endOfTimelineMs);
  return periods.sort((a, b) => a.fromMs - b.fromMs);
}
