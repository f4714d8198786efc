// In-process witnesses (the product's own `keygate witness`) served on loopback ports, and a
// poster that can take a witness "down" and counts submissions.
import type { Keygate } from '../../server/compose.ts';
import { loadWitnessConfig } from '../../server/config.ts';
import type { WitnessEndpoint } from '../../server/config.ts';
import { createWitnessApp } from '../../server/witness/witness-app.ts';
import { openWitness } from '../../server/witness/witness-compose.ts';
import type { Witness } from '../../server/witness/witness-compose.ts';
import { httpWitnessPoster } from '../../server/witnessing/witness-client.ts';
import type { WitnessPoster } from '../../server/witnessing/witness-client.ts';
import { tempDir } from './databases.ts';
import { serve } from './http.ts';
import type { Served } from './http.ts';

export interface RunningWitness {
  readonly witness: Witness;
  readonly http: Served;
  readonly endpoint: WitnessEndpoint;
  close(): Promise<void>;
}

export async function startWitness(logVerifierKey: string, name: string, dataDir = tempDir('keygate-witness-')): Promise<RunningWitness> {
  const witness = await openWitness(loadWitnessConfig({}, { dataDir, logKeys: [logVerifierKey], name }));
  const http = await serve(createWitnessApp(witness.service, { verifierKey: witness.verifierKey }));
  return {
    witness,
    http,
    endpoint: { vkey: witness.verifierKey, url: http.url },
    close: async () => {
      await http.close();
      await witness.close();
    },
  };
}

/** Posts over HTTP; URLs in `down` fail as an unreachable witness would. Counts posts per URL. */
export class ControlledPoster {
  readonly down = new Set<string>();
  readonly posts: Array<{ url: string; body: string }> = [];
  private readonly http = httpWitnessPoster({ timeoutMs: 10_000 });

  readonly post: WitnessPoster = async (url, body) => {
    this.posts.push({ url, body });
    if (this.down.has(url)) throw new Error(`connect ECONNREFUSED ${url}`);
    return this.http(url, body);
  };
}

/** A clock tests move by hand, so that the one-submission-per-second pacing can be stepped. */
export class ManualClock {
  constructor(private ms = Date.parse('2026-11-28T12:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Runs witnessing rounds (advancing the clock a second each) until `done` or `max` rounds. */
export async function witnessUntil(kg: Keygate, clock: ManualClock, done: () => Promise<boolean>, max = 10): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await done()) return;
    clock.advance(1_000);
    await kg.witnessing!.round();
  }
  if (!(await done())) throw new Error(`witnessing did not converge in ${max} rounds`);
}
