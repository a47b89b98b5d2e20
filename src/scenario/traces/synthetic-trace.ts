/**
 * A sequential editing trace made up from a seed, for runs without `--trace`: someone types a
 * document word by word, fixes typos with backspace, moves the cursor now and then, deletes a
 * phrase or pastes one. Its `endContent` is what applying every patch gives.
 */
import type { RandomStream } from '../../sim/prng.ts';
import type { EditingTrace, TracePatch, TraceTxn } from './editing-trace.ts';

const WORDS = [
  'sync',
  'offline',
  'replica',
  'merge',
  'the',
  'a',
  'of',
  'and',
  'server',
  'client',
  'edit',
  'text',
  'conflict',
  'network',
  'partition',
  'heal',
  'record',
  'field',
  'schema',
  'version',
  'delta',
  'state',
];

/** A trace of `txns` keystroke-sized txns (each one patch), reproducible from `random`. */
export function syntheticTrace(random: RandomStream, txns: number, source: string): EditingTrace {
  const text: string[] = [];
  const out: TraceTxn[] = [];
  let cursor = 0;
  let pending = ''; // the rest of the word being typed
  const emit = (patch: TracePatch): void => {
    const [pos, del, ins] = patch;
    text.splice(pos, del, ...ins);
    out.push({ patches: [patch] });
  };
  while (out.length < txns) {
    const roll = random.next();
    if (pending.length > 0) {
      emit([cursor, 0, pending[0] ?? '']);
      cursor++;
      pending = pending.slice(1);
    } else if (roll < 0.7 || text.length === 0) {
      const word = WORDS[random.int(0, WORDS.length - 1)] ?? 'x';
      pending = `${word}${random.chance(0.1) ? '.\n' : ' '}`;
    } else if (roll < 0.85 && cursor > 0) {
      emit([cursor - 1, 1, '']); // backspace
      cursor--;
    } else if (roll < 0.93) {
      cursor = random.int(0, text.length); // click somewhere else
    } else if (roll < 0.97) {
      const length = Math.min(text.length - cursor, random.int(1, 30));
      if (length > 0) emit([cursor, length, '']); // select and delete a phrase
    } else {
      const phrase = `${WORDS[random.int(0, WORDS.length - 1)] ?? 'x'} ${WORDS[random.int(0, WORDS.length - 1)] ?? 'y'} `;
      emit([cursor, 0, phrase]); // paste
      cursor += phrase.length;
    }
  }
  return { source, kind: 'sequential', agents: 1, startContent: '', endContent: text.join(''), txns: out };
}
