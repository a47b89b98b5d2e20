// The check every engine module passes before a run: each capability named in one line when it
// is missing or mistyped, the optional ones too.
import { describe, expect, it } from 'vitest';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { validateAdapter } from '../../src/contract/validate-adapter.ts';

const withCapabilities = (changes: Record<string, unknown>): unknown => ({
  ...yjsAdapter,
  capabilities: { ...yjsAdapter.capabilities, ...changes },
});

describe('validateAdapter', () => {
  it('accepts a built-in engine, with or without a framing', () => {
    expect(validateAdapter('yjs', yjsAdapter)).toBe(yjsAdapter);
    const bare = { compression: undefined };
    expect(() => validateAdapter('x', withCapabilities({ ...bare, framing: undefined }))).not.toThrow();
    expect(() => validateAdapter('x', withCapabilities({ ...bare, framing: 'messages' }))).not.toThrow();
  });

  it('names a compression it does not know, and deflate on an engine without a socket stack', () => {
    expect(() => validateAdapter('x', withCapabilities({ compression: ['gzip'] }))).toThrow(
      "x: capabilities.compression must be a non-empty list of 'none' | 'deflate', got [\"gzip\"]",
    );
    expect(() =>
      validateAdapter('x', withCapabilities({ framing: 'messages', compression: ['none', 'deflate'] })),
    ).toThrow(/capabilities\.compression must be only 'none' for an engine that sends bare messages/);
  });

  it('names a framing it does not know', () => {
    expect(() => validateAdapter('x', withCapabilities({ framing: 'frames' }))).toThrow(
      "x: capabilities.framing must be absent or one of 'messages' | 'socket', got \"frames\"",
    );
  });

  it('names a transport list that is not one', () => {
    expect(() => validateAdapter('x', withCapabilities({ transports: [] }))).toThrow(
      /capabilities\.transports must be a non-empty list of 'stream' \| 'datagram', got \[\]/,
    );
  });
});
