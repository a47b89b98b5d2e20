// The docs show the example engine, scenario and JSON scenario in full; this keeps them from drifting apart.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it.each(['lww-broadcast-engine.ts', 'night-shift.ts', 'two-teams.json'])(
  'the docs show examples/%s exactly as it is',
  (file) => {
    const readme = readFileSync(
      new URL(
        file === 'lww-broadcast-engine.ts' ? '../../docs/adding-an-engine.md' : '../../docs/scenarios.md',
        import.meta.url,
      ),
      'utf8',
    );
    const example = readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8');
    const fence = file.endsWith('.json') ? 'json' : 'ts';
    expect(readme).toContain(`\`\`\`${fence}\n${example}\`\`\``);
  },
);
