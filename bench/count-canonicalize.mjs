// Counts RFC 8785 canonicalizations (top-level calls of the `canonicalize` package) in
// globalThis.__kgCanonicalizations, for benchmarks that report how often an entry is canonicalized:
//   node --import tsx --import ./bench/count-canonicalize.mjs bench/votes.ts
import { register } from 'node:module';

register('./count-canonicalize-hooks.mjs', import.meta.url);
