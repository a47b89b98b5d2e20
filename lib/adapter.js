// `syncbench/adapter`: the adapter contract for third-party engines (types in adapters/contract.ts).
import './register-typescript.js';

const contract = await import('../adapters/contract.ts');
const ops = await import('../adapters/ops.ts');
const validation = await import('../adapters/validate-adapter.ts');

export const UnsupportedOpError = contract.UnsupportedOpError;
export const OP_KINDS = ops.OP_KINDS;
export const validateAdapter = validation.validateAdapter;
