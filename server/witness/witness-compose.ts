// The witness process's composition root: its key, its SQLite file and the service over them.
import { formatCosignerKey } from '../../audit/cosignature.ts';
import { parseVerifierKey } from '../../audit/note.ts';
import type { NoteVerifier } from '../../audit/note.ts';
import { ConfigError } from '../config.ts';
import type { WitnessConfig } from '../config.ts';
import { loadOrCreateWitnessKey } from './witness-key.ts';
import { WitnessService } from './witness-service.ts';
import { WitnessStore } from './witness-store.ts';

export interface Witness {
  readonly service: WitnessService;
  readonly store: WitnessStore;
  /** The cosigner verifier key, name+hash+base64(0x04 || key). */
  readonly verifierKey: string;
  readonly createdKey: boolean;
  close(): Promise<void>;
}

export function parseLogKeys(texts: readonly string[]): NoteVerifier[] {
  return texts.map((text) => {
    try {
      return parseVerifierKey(text.trim());
    } catch (cause) {
      throw new ConfigError(`--log-vkey ${JSON.stringify(text)} is not a log verifier key (name+hash+base64(0x01 || key))`, { cause });
    }
  });
}

export async function openWitness(config: WitnessConfig, options: { clock?: () => Date } = {}): Promise<Witness> {
  const logKeys = parseLogKeys(config.logKeys);
  const { cosigner, created } = loadOrCreateWitnessKey(config.dataDir, config.name);
  const store = await WitnessStore.open(config.dataDir);
  const service = new WitnessService({ store, cosigner, logKeys, clock: options.clock ?? (() => new Date()) });
  return { service, store, verifierKey: formatCosignerKey(cosigner.verifier), createdKey: created, close: () => store.close() };
}
