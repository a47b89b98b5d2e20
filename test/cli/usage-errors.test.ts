import { describe, expect, it } from 'vitest';
import { runCli } from './fake-process.ts';

describe('usage errors exit 64 with one helpful line and no stack', () => {
  it.each([
    [['run', '--engines', 'nosuch'], /unknown engine 'nosuch'; valid engines: yjs/],
    [['run', 'nosuch-scenario'], /unknown scenario 'nosuch-scenario'; valid scenarios: concurrent-edits/],
    [['run', '--seed', 'abc'], /seed must be an integer .* got 'abc'/],
    [['run', '--scale', 'huge'], /scale must be one of ci, default, large, got 'huge'/],
    [
      ['run', '--profile', 'moon'],
      /unknown profile 'moon'; valid profiles: lan, wifi, mobile, flaky, satellite/,
    ],
    [['list', 'things'], /unknown list topic 'things'; valid topics: scenarios, engines, profiles/],
    [['run', '--no-such-flag'], /unknown option '--no-such-flag'/],
    [
      ['run', '--scenarios', 'offline-weeks,crash-restart'],
      /scenarios are run's arguments, not an option: syncbench run offline-weeks crash-restart/,
    ],
    [['run', '--scenario', 'offline-weeks'], /not an option: syncbench run offline-weeks$/m],
    [['run', './missing-scenario.ts'], /scenario file .\/missing-scenario.ts does not exist/],
    ...(
      [
        ['unknown-replica.ts', /steps\[0\] names replica 'c9', which is not one of server, c1, c2/],
        [
          'wrong-collection.ts',
          /workload\.collection must be one of the schema's collections \(todos\), got tasks/,
        ],
        ['bad-duration.json', /steps\[0\]\.at: a duration must be .* got "3 weeks"/],
        ['unknown-fault.json', /steps\[0\]\.fault\.kind must be one of partition, .* got earthquake/],
        ['not-json.json', /not valid JSON/],
        [
          'bad-weight.json',
          /workload\.weights\.rename must be a weight ≥ 0 for one of create, update, delete/,
        ],
        ['unknown-profile.json', /profile: unknown profile 'moon'; valid profiles: lan/],
        ['batch-without-ops.json', /steps\[0\]\.ops must be a list of ops, got \{"kind":"create"\}/],
        ['unnamed-catch-up.json', /steps\[0\]\.name must name the catch-up, got nothing/],
      ] as const
    ).map(([file, message]): [string[], RegExp] => [
      ['run', `./test/cli/fixtures/bad-scenarios/${file}`],
      new RegExp(
        `scenario (file )?\\./test/cli/fixtures/bad-scenarios/${file.replace('.', '\\.')}: ${message.source}`,
      ),
    ]),
    [['run', '--engines', './missing-engine.ts'], /engine module .\/missing-engine.ts does not exist/],
    [
      ['run', '--engines', './test/cli/fixtures/engine-without-capabilities.ts'],
      /engine module .*: capabilities must be an object \{ ops, text, records, transports, topologies, partialSync, async \}, got undefined/,
    ],
    [
      ['run', '--engines', './test/cli/fixtures/engine-without-export.ts'],
      /engine module .*: export the adapter as the default export or as 'adapter'/,
    ],
    [
      ['run', 'concurrent-edits', '--trace', './test/cli/fixtures/bad-trace.json'],
      /--trace is for scenarios that replay an editing trace \(editing-trace\); none of concurrent-edits does/,
    ],
    [
      ['run', 'editing-trace', '--trace', 'no-such-trace.json.gz'],
      /trace file .*no-such-trace.json.gz cannot be read/,
    ],
    [
      ['run', 'editing-trace', '--trace', './test/cli/fixtures/bad-trace.json'],
      /trace .*bad-trace.json: txns\[1\].patches\[0\] must be \[position ≥ 0, deleteCount ≥ 0, insertText\], got \[-1,0,"b"\]/,
    ],
  ])('%j', async (args, message) => {
    const { code, stderr, stdout } = await runCli(args);
    expect(code).toBe(64);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(stdout).toBe('');
  });
});

describe('help and listing', () => {
  it('explains run in --help', async () => {
    const { code, stdout } = await runCli(['run', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--engines/);
    expect(stdout).toMatch(/--seed/);
    expect(stdout).toMatch(/Exit codes/);
  });

  it.each([
    [
      'scenarios',
      /concurrent-edits\n.*\n {4}takes ci [\d.]+ (ms|s|min), default [\d.]+ (s|min|h), large not measured\n/,
    ],
    ['engines', /yjs 13\./],
    ['profiles', /satellite/],
  ])('lists %s', async (topic, pattern) => {
    const { code, stdout } = await runCli(['list', topic]);
    expect(code).toBe(0);
    expect(stdout).toMatch(pattern);
  });
});
