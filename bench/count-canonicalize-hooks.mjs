// Module hook for count-canonicalize.mjs: wraps the package's default export and counts the
// outermost calls only (the package recurses through its own export).
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!url.endsWith('/node_modules/canonicalize/lib/canonicalize.js')) return result;
  const source = String(result.source).replace('export default function canonicalize (', 'function canonicalizeOnce (');
  const counted = `${source}
let depth = 0;
export default function canonicalize (object, seen) {
  if (depth === 0) globalThis.__kgCanonicalizations = (globalThis.__kgCanonicalizations ?? 0) + 1;
  depth++;
  try {
    return canonicalizeOnce(object, seen);
  } finally {
    depth--;
  }
}
`;
  return { ...result, source: counted, shortCircuit: true };
}
