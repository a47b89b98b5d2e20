// The README shows the example engine in full; this keeps the two from drifting apart.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('README shows examples/lww-broadcast-engine.ts exactly as it is', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../../examples/lww-broadcast-engine.ts', import.meta.url), 'utf8');
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
});
