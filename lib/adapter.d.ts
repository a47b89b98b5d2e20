export * from '../adapters/contract.ts';
export { OP_KINDS } from '../adapters/ops.ts';
export { validateAdapter } from '../adapters/validate-adapter.ts';
