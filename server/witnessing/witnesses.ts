// The witnesses a log is configured with, as the log side uses them.
import { formatCosignerKey, parseCosignerKey } from '../../audit/cosignature.ts';
import type { CosignerVerifier } from '../../audit/cosignature.ts';
import type { WitnessEndpoint } from '../config.ts';

export interface ConfiguredWitness {
  /** "name+hash" of its verifier key: how cosignatures and sizes are stored. */
  readonly id: string;
  readonly verifier: CosignerVerifier;
  /** The tlog-witness submission prefix. */
  readonly url: string;
}

export function configuredWitnesses(endpoints: readonly WitnessEndpoint[]): ConfiguredWitness[] {
  return endpoints.map((e) => {
    const verifier = parseCosignerKey(e.vkey);
    const [name, hash] = formatCosignerKey(verifier).split('+');
    return { id: `${name}+${hash}`, verifier, url: e.url };
  });
}
