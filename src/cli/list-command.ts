/**
 * `syncbench list scenarios|engines|profiles`: what can be run, one item a line.
 */
import { builtInEngines } from '../../adapters/registry.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { LARGE_NOT_MEASURED, MEASURED_DURATIONS, MEASURED_ON } from '../../scenarios/measured-durations.ts';
import { readableDuration } from '../readable.ts';
import { SCALES } from '../scenario/define-scenario.ts';
import { PROFILES } from '../sim/link-profile.ts';
import { UsageError } from '../errors.ts';
import type { CliProcess } from './cli-process.ts';
import { EXIT } from './cli-process.ts';

export const LIST_TOPICS = ['scenarios', 'engines', 'profiles'] as const;

/** `takes ci 9.4 s, default 2.1 min, large not measured` for a built-in scenario. */
function durations(scenario: string): string {
  const measured = MEASURED_DURATIONS[scenario] ?? {};
  const times = SCALES.map((scale) => {
    const ms = measured[scale];
    return ms === undefined ? `${scale} not measured` : `${scale} ${readableDuration(ms)}`;
  });
  return `takes ${times.join(', ')}`;
}

export async function listCommand(proc: CliProcess, topic: string): Promise<number> {
  const lines: string[] = [];
  switch (topic) {
    case 'scenarios':
      for (const s of SCENARIOS.values())
        lines.push(`${s.name}\n    ${s.description}\n    ${durations(s.name)}`);
      lines.push(
        `(times: ${MEASURED_ON.engines}, each run's own wall time, measured on ${MEASURED_ON.machine}, ${MEASURED_ON.date}: ` +
          `the whole suite one run after another takes ci ${readableDuration(MEASURED_ON.suites.ci)}, default ${readableDuration(MEASURED_ON.suites.default)}, ` +
          `or on 2 workers (--jobs 2) ci ${readableDuration(MEASURED_ON.parallel.ci)}, default ${readableDuration(MEASURED_ON.parallel.default)}; large ${LARGE_NOT_MEASURED})`,
      );
      break;
    case 'engines':
      for (const e of await builtInEngines()) {
        const c = e.capabilities;
        lines.push(
          `${e.name} ${e.version}\n    ops: ${c.ops.join(', ')}; text: ${c.text}; records: ${c.records}; ` +
            `transports: ${c.transports.join(', ')}; topologies: ${c.topologies.join(', ')}; partial sync: ${c.partialSync ? 'yes' : 'no'}; ` +
            `framing: ${c.framing ?? 'messages'}; compression: ${(c.compression ?? ['none']).join(', ')}` +
            (c.maxReplicas ? `\n    at most ${c.maxReplicas.count} clients: ${c.maxReplicas.reason}` : '') +
            (c.needsFreshProcess
              ? `\n    each run in a worker process of its own: ${c.needsFreshProcess}`
              : ''),
        );
      }
      break;
    case 'profiles':
      for (const [name, p] of Object.entries(PROFILES)) {
        lines.push(
          `${name}\n    delay ${p.delay} ms, jitter ${p.jitter} ms (${p.distribution}), loss ${p.loss}, duplicate ${p.duplicate}, ` +
            `reorder ${p.reorder}, rate ${p.rate ? `${p.rate / 1e6} Mbit/s` : 'unlimited'}, reset ${p.reset}`,
        );
      }
      break;
    default:
      throw new UsageError(`unknown list topic '${topic}'; valid topics: ${LIST_TOPICS.join(', ')}`);
  }
  proc.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
