/**
 * `syncbench list scenarios|engines|profiles`: what can be run, one item a line.
 */
import { ENGINES } from '../../adapters/registry.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { PROFILES } from '../sim/link-profile.ts';
import { UsageError } from '../errors.ts';
import type { CliProcess } from './cli-process.ts';
import { EXIT } from './cli-process.ts';

export const LIST_TOPICS = ['scenarios', 'engines', 'profiles'] as const;

export function listCommand(proc: CliProcess, topic: string): number {
  const lines: string[] = [];
  switch (topic) {
    case 'scenarios':
      for (const s of SCENARIOS.values()) lines.push(`${s.name}\n    ${s.description}`);
      break;
    case 'engines':
      for (const e of ENGINES.values()) {
        const c = e.capabilities;
        lines.push(
          `${e.name} ${e.version}\n    ops: ${c.ops.join(', ')}; text: ${c.text}; records: ${c.records}; ` +
            `transports: ${c.transports.join(', ')}; topologies: ${c.topologies.join(', ')}; partial sync: ${c.partialSync ? 'yes' : 'no'}; ` +
            `framing: ${c.framing ?? 'messages'}; compression: ${(c.compression ?? ['none']).join(', ')}` +
            (c.maxReplicas ? `\n    at most ${c.maxReplicas.count} clients: ${c.maxReplicas.reason}` : ''),
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
