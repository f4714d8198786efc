// A second, independent implementation of the C2SP formats this product speaks, written from the
// spec texts (signed-note, tlog-checkpoint, tlog-cosignature, tlog-witness, tlog-tiles) and
// RFC 6962 alone. It imports nothing from audit/ or server/: interoperability tests pit it against
// the product in both directions. Kept deliberately plain (recursion over ranges, no stored nodes).
import crypto from 'node:crypto';

const EM_DASH = '\u2014';
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

export const sha256 = (...parts: Uint8Array[]): Buffer => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
/** RFC 6962 2.1: leaf and interior node hashes. */
export const hashLeaf = (entry: Uint8Array): Buffer => sha256(Buffer.from([0]), entry);
export const hashChildren = (l: Uint8Array, r: Uint8Array): Buffer => sha256(Buffer.from([1]), l, r);

function largestPowerOfTwoLessThan(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// ---------------------------------------------------------------------------------------------
// signed-note

export interface Vkey {
  readonly name: string;
  readonly id: Buffer;
  readonly type: number;
  readonly key: crypto.KeyObject;
  readonly raw: Buffer;
}

/** "name+hash+base64(type || key)"; the hash is checked against SHA-256(name || \n || type || key)[:4]. */
export function readVkey(vkey: string): Vkey {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  const name = vkey.slice(0, first);
  const hash = vkey.slice(first + 1, second);
  const blob = Buffer.from(vkey.slice(second + 1), 'base64');
  const type = blob[0]!;
  const raw = blob.subarray(1);
  const id = sha256(Buffer.from(`${name}\n`), Buffer.from([type]), raw).subarray(0, 4);
  if (id.toString('hex') !== hash || raw.length !== 32) throw new Error(`bad vkey ${vkey}`);
  return { name, id, type, raw, key: crypto.createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' }) };
}

export interface Ed25519Identity {
  readonly name: string;
  readonly type: number;
  readonly vkey: string;
  readonly id: Buffer;
  sign(message: Uint8Array): Buffer;
}

/** A fresh Ed25519 identity for signature type `type` (0x01 note signer, 0x04 cosigner). */
export function newIdentity(name: string, type: number): Ed25519Identity {
  const seed = crypto.randomBytes(32);
  const privateKey = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const spki = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const raw = Buffer.from(spki.subarray(spki.length - 32));
  const id = sha256(Buffer.from(`${name}\n`), Buffer.from([type]), raw).subarray(0, 4);
  const vkey = `${name}+${id.toString('hex')}+${Buffer.concat([Buffer.from([type]), raw]).toString('base64')}`;
  return { name, type, vkey, id, sign: (m) => crypto.sign(null, m, privateKey) };
}

export interface Note {
  readonly body: string;
  readonly sigs: ReadonlyArray<{ readonly name: string; readonly blob: Buffer; readonly line: string }>;
}

/** Splits a note at its last blank line into the body and "— name base64" lines. */
export function readNote(text: string): Note {
  const at = text.lastIndexOf('\n\n');
  if (at < 0 || !text.endsWith('\n')) throw new Error('not a signed note');
  const body = text.slice(0, at + 1);
  const sigs = text
    .slice(at + 2, -1)
    .split('\n')
    .map((line) => {
      if (!line.startsWith(`${EM_DASH} `)) throw new Error('bad signature line');
      const [name, b64] = line.slice(2).split(' ');
      return { name: name!, blob: Buffer.from(b64!, 'base64'), line };
    });
  return { body, sigs };
}

/** Verifies a note signed (type 0x01) by `vkey`; returns the body. */
export function openSignedNote(text: string, vkey: Vkey): string {
  const note = readNote(text);
  const mine = note.sigs.filter((s) => s.name === vkey.name && s.blob.subarray(0, 4).equals(vkey.id));
  if (mine.length === 0) throw new Error('no signature by the key');
  for (const s of mine) if (!crypto.verify(null, Buffer.from(note.body), vkey.key, s.blob.subarray(4))) throw new Error('bad note signature');
  return note.body;
}

export function signNoteBody(body: string, signer: Ed25519Identity): string {
  return `${body}\n${EM_DASH} ${signer.name} ${Buffer.concat([signer.id, signer.sign(Buffer.from(body))]).toString('base64')}\n`;
}

// ---------------------------------------------------------------------------------------------
// tlog-checkpoint and tlog-cosignature

export interface Head {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
}

export function readCheckpointBody(body: string): Head {
  const [origin, size, root] = body.split('\n');
  return { origin: origin!, size: Number(size), root: Buffer.from(root!, 'base64') };
}

export function checkpointBody(head: Head): string {
  return `${head.origin}\n${head.size}\n${head.root.toString('base64')}\n`;
}

export function cosign(body: string, witness: Ed25519Identity, time: number): string {
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(BigInt(time));
  const sig = witness.sign(Buffer.from(`cosignature/v1\ntime ${time}\n${body}`));
  return `${EM_DASH} ${witness.name} ${Buffer.concat([witness.id, ts, sig]).toString('base64')}\n`;
}

/** The witnesses (type 0x04 vkeys) whose cosignature on the note verifies. */
export function cosignedBy(text: string, witnesses: readonly Vkey[]): string[] {
  const note = readNote(text);
  const ok = new Set<string>();
  for (const w of witnesses) {
    for (const s of note.sigs.filter((x) => x.name === w.name && x.blob.subarray(0, 4).equals(w.id))) {
      if (s.blob.length !== 76) continue;
      const time = s.blob.readBigUInt64BE(4);
      if (crypto.verify(null, Buffer.from(`cosignature/v1\ntime ${time}\n${note.body}`), w.key, s.blob.subarray(12))) ok.add(w.name);
    }
  }
  return [...ok];
}

// ---------------------------------------------------------------------------------------------
// RFC 6962 2.1.2 consistency proofs, by the recursive definition (SUBPROOF), over a hash oracle.

/** The proof PROOF(m, D[n]) given `mth(a, b)`, the root of leaves [a, b). */
export function consistencyProof(m: number, n: number, mth: (a: number, b: number) => Buffer): Buffer[] {
  const sub = (mm: number, a: number, b: number, complete: boolean): Buffer[] => {
    if (mm === b - a) return complete ? [] : [mth(a, b)];
    const k = largestPowerOfTwoLessThan(b - a);
    if (mm <= k) return [...sub(mm, a, a + k, complete), mth(a + k, b)];
    return [...sub(mm - k, a + k, b, false), mth(a, a + k)];
  };
  return m === 0 || m === n ? [] : sub(m, 0, n, true);
}

/** Checks a consistency proof by rebuilding both roots from it, following SUBPROOF's shape. */
export function consistencyHolds(m: number, oldRoot: Buffer, n: number, newRoot: Buffer, proof: readonly Buffer[]): boolean {
  if (m === 0) return proof.length === 0;
  if (m === n) return proof.length === 0 && oldRoot.equals(newRoot);
  if (m > n) return false;
  const rest = [...proof];
  // Returns [old-subtree root or null, new-subtree root] for SUBPROOF(mm, [a, b), complete),
  // consuming proof hashes from the end (the proof lists the innermost first).
  const walk = (mm: number, a: number, b: number, complete: boolean): [Buffer | null, Buffer] | null => {
    if (mm === b - a) {
      if (complete) return [oldRoot, oldRoot];
      const h = rest.shift();
      return h === undefined ? null : [h, h];
    }
    const k = largestPowerOfTwoLessThan(b - a);
    if (mm <= k) {
      const inner = walk(mm, a, a + k, complete);
      const right = rest.shift();
      if (inner === null || right === undefined) return null;
      return [inner[0], hashChildren(inner[1], right)];
    }
    const inner = walk(mm - k, a + k, b, false);
    const left = rest.shift();
    if (inner === null || left === undefined) return null;
    return [inner[0] === null ? null : hashChildren(left, inner[0]), hashChildren(left, inner[1])];
  };
  const got = walk(m, 0, n, true);
  return got !== null && rest.length === 0 && got[0] !== null && got[0].equals(oldRoot) && got[1].equals(newRoot);
}

// ---------------------------------------------------------------------------------------------
// tlog-tiles client

/** "x001/x234/067" for 1234067. */
export function tileIndexPath(n: number): string {
  const groups: string[] = [];
  let rest = n;
  do {
    groups.push(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups
    .reverse()
    .map((g, i, all) => (i < all.length - 1 ? `x${g}` : g))
    .join('/');
}

export class TileClient {
  private readonly cache = new Map<string, Buffer>();
  readonly fetched: string[] = [];

  constructor(
    private readonly get: (path: string) => Promise<Buffer>,
    readonly size: number,
  ) {}

  /** The width a tile (level, n) has in a tree of this size: 256 when full, else the partial width. */
  private width(level: number, n: number): number {
    const hashesAtLevel = Math.floor(this.size / 256 ** level);
    return Math.min(256, hashesAtLevel - n * 256);
  }

  private async tile(kind: string, level: number, n: number): Promise<Buffer> {
    const w = this.width(level, n);
    if (w <= 0) throw new Error(`no tile ${kind} ${level}/${n} at size ${this.size}`);
    const path = `tile/${kind === 'entries' ? 'entries' : level}/${tileIndexPath(n)}${w === 256 ? '' : `.p/${w}`}`;
    let bytes = this.cache.get(path);
    if (bytes === undefined) {
      bytes = await this.get(path);
      this.fetched.push(path);
      this.cache.set(path, bytes);
    }
    return bytes;
  }

  /** Hash h of tile level `level`: MTH of leaves [h·256^level, (h+1)·256^level). */
  private async tileHash(level: number, h: number): Promise<Buffer> {
    const tile = await this.tile('hashes', level, Math.floor(h / 256));
    const at = (h % 256) * 32;
    if (tile.length < at + 32) throw new Error('tile too short');
    return tile.subarray(at, at + 32);
  }

  /** MTH of [a, b) from tile hashes: aligned perfect subtrees come from the tiles, the rest is hashed. */
  async mth(a: number, b: number): Promise<Buffer> {
    const n = b - a;
    if (n === 0) return sha256();
    if ((n & (n - 1)) === 0 && a % n === 0) {
      const height = Math.log2(n);
      const level = Math.floor(height / 8);
      const span = 256 ** level;
      if (height % 8 === 0) return this.tileHash(level, a / span);
      const parts = await Promise.all(Array.from({ length: n / span }, (_, i) => this.tileHash(level, a / span + i)));
      let row = parts;
      while (row.length > 1) row = Array.from({ length: row.length / 2 }, (_, i) => hashChildren(row[2 * i]!, row[2 * i + 1]!));
      return row[0]!;
    }
    const k = largestPowerOfTwoLessThan(n);
    return hashChildren(await this.mth(a, a + k), await this.mth(a + k, b));
  }

  root(): Promise<Buffer> {
    return this.mth(0, this.size);
  }

  /** Entry i from its bundle, after checking that it hashes to its level-0 tile hash. */
  async entry(i: number): Promise<Buffer> {
    const bundle = await this.tile('entries', 0, Math.floor(i / 256));
    let at = 0;
    for (let k = 0; k < i % 256; k++) at += 2 + bundle.readUInt16BE(at);
    const entry = bundle.subarray(at + 2, at + 2 + bundle.readUInt16BE(at));
    if (!hashLeaf(entry).equals(await this.tileHash(0, i))) throw new Error(`entry ${i} does not hash to its tile hash`);
    return entry;
  }

  /** RFC 6962 2.1.1 PATH(i, D[0:size]), from tiles. */
  async inclusionPath(i: number): Promise<Buffer[]> {
    const path = async (m: number, a: number, b: number): Promise<Buffer[]> => {
      if (b - a === 1) return [];
      const k = largestPowerOfTwoLessThan(b - a);
      return m < k ? [...(await path(m, a, a + k)), await this.mth(a + k, b)] : [...(await path(m - k, a + k, b)), await this.mth(a, a + k)];
    };
    return path(i, 0, this.size);
  }
}

/** Folds an RFC 6962 audit path for leaf i in a tree of `size` back to a root. */
export function rootFromPath(i: number, size: number, leaf: Buffer, path: readonly Buffer[]): Buffer {
  const fold = (m: number, a: number, b: number, rest: Buffer[]): Buffer => {
    if (b - a === 1) return leaf;
    const k = largestPowerOfTwoLessThan(b - a);
    const sibling = rest.pop()!;
    return m < k ? hashChildren(fold(m, a, a + k, rest), sibling) : hashChildren(sibling, fold(m - k, a + k, b, rest));
  };
  return fold(i, 0, size, [...path]);
}
