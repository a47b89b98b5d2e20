// ESLint rule `layers/downward`: folders import downward only. Each source file belongs to the
// layer of the longest matching prefix in LAYERS (bottom first); it may import its own folder and
// lower layers, never a layer above it or a peer on the same floor. Where a layer lists `only`,
// its files may import nothing else outside their own folder. ARCHITECTURE.md draws the same map.
import path from 'node:path';

/** Bottom up. A floor with several folders holds peers, which may not import each other. */
export const LAYERS = [
  { floor: 0, prefixes: ['src/errors.ts'] },
  {
    floor: 1,
    prefixes: ['src/sim/', 'src/timing/', 'src/tool-version.ts', 'src/load-module.ts', 'src/readable.ts'],
  },
  { floor: 2, prefixes: ['src/contract/'] },
  { floor: 3, prefixes: ['src/scenario/'] },
  { floor: 4, prefixes: ['src/engine/'], only: ['src/contract/'] },
  {
    floor: 5,
    prefixes: ['adapters/*/'],
    only: ['src/contract/', 'src/sim/', 'src/errors.ts', 'src/engine/', 'src/tool-version.ts'],
  },
  { floor: 6, prefixes: ['adapters/'] },
  { floor: 7, prefixes: ['scenarios/'] },
  { floor: 8, prefixes: ['src/runner/'] },
  { floor: 9, prefixes: ['src/conformance/', 'src/fuzz/', 'src/bench/', 'src/pool/'] },
  { floor: 10, prefixes: ['src/results/'] },
  { floor: 11, prefixes: ['reports/'] },
  { floor: 12, prefixes: ['src/gate/'] },
  { floor: 13, prefixes: ['src/cli/'] },
  { floor: 14, prefixes: ['bin/'] },
];

/** The room a repository path is in: its layer and the folder that counts as "its own". */
export function roomOf(file) {
  let best;
  for (const layer of LAYERS)
    for (const prefix of layer.prefixes) {
      const folder = prefix.includes('*') ? starFolder(prefix, file) : file.startsWith(prefix) && prefix;
      if (folder && (!best || folder.length > best.folder.length)) best = { layer, folder };
    }
  return best;
}

function starFolder(prefix, file) {
  const [head] = prefix.split('*');
  if (!file.startsWith(head)) return undefined;
  const rest = file.slice(head.length).split('/');
  return rest.length > 1 ? `${head}${rest[0]}/` : undefined;
}

/** Why `from` may not import `to` (both repository paths), or undefined when it may. */
export function violation(from, to) {
  const a = roomOf(from);
  const b = roomOf(to);
  if (!a || !b || a.folder === b.folder) return undefined;
  if (a.layer.only && !a.layer.only.some((p) => to.startsWith(p)))
    return `${a.folder} may import only ${a.layer.only.join(', ')} (and its own folder)`;
  if (b.layer.floor > a.layer.floor) return `${b.folder} is a layer above ${a.folder}`;
  if (b.layer.floor === a.layer.floor) return `${b.folder} and ${a.folder} are peers on one floor`;
  return undefined;
}

const downward = {
  meta: {
    type: 'problem',
    docs: { description: 'Folders import downward only (ARCHITECTURE.md).' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    if (!roomOf(file)) return {};
    const check = (node) => {
      const spec = node?.type === 'Literal' ? node.value : undefined;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const why = violation(file, target);
      if (why)
        context.report({
          node,
          message: `${file} imports ${target}: ${why}; folders import downward only (ARCHITECTURE.md)`,
        });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
    };
  },
};

export default { rules: { downward } };
