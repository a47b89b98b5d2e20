// Types of scripts/lint-layers.js, for the tests that check the layer map.
import type { ESLint } from 'eslint';

export interface Layer {
  readonly floor: number;
  readonly prefixes: readonly string[];
  readonly only?: readonly string[];
}
export const LAYERS: readonly Layer[];
export function roomOf(file: string): { readonly layer: Layer; readonly folder: string } | undefined;
export function violation(from: string, to: string): string | undefined;
declare const plugin: ESLint.Plugin;
export default plugin;
