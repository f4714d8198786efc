// The data of a command, per action: its event's data less the members the core derives from
// the state when it builds the event (decide.ts), with the members it can default left optional.
// The HTTP layer's request bodies are these schemas less the members named in the URL.
import { z } from 'zod';
import { EVENT_DATA_SCHEMAS } from './event-schemas.ts';
import type { EventAction } from './event-types.ts';
import { SIGNED_REQUEST_ACTIONS } from './signing/statement.ts';

const DERIVED = {
  /** The certificate's spkiSha256; the certificates, which the server reads from the certificate given. */
  'key.registered': { keyId: true, certificateDer: true },
  'request.executed': { recipientCertificateDer: true },
  /** The hash of the revision content; and the revision it replaces. */
  'request.created': { revisionHash: true },
  'request.amended': { revisionHash: true, replaces: true },
  /** The tally and what follows from it under the policy in force. */
  'request.decided': { outcome: true, policyVersion: true, tally: true, dissent: true, advice: true },
  /** What the tally gives: the counted members and the quorum they cannot reach. */
  'request.closed_no_decision': { quorumBase: true, quorumRequired: true },
  /** The credential's fingerprint, computed from its public key. */
  'credential.enrolled': { fingerprint: true },
} as const;

const SIGNATURE = { signature: true } as const;
type SignedDefaults = { readonly [A in (typeof SIGNED_REQUEST_ACTIONS)[number]]: typeof SIGNATURE };

/**
 * Casting votes are given only where a tie needs them; a signature only where the policy asks
 * for one (null when absent); an approving signature only for a person's later credentials.
 */
const DEFAULTED = {
  ...(Object.fromEntries(SIGNED_REQUEST_ACTIONS.map((a) => [a, SIGNATURE])) as SignedDefaults),
  'request.decided': { castingVotes: true, signature: true },
  'credential.enrolled': { approval: true },
} as const;

type Shape<A extends EventAction> = (typeof EVENT_DATA_SCHEMAS)[A]['shape'];
type Keys<T, A> = A extends keyof T ? keyof T[A] & string : never;
type DerivedOf<A> = Keys<typeof DERIVED, A>;
type DefaultedOf<A> = Keys<typeof DEFAULTED, A>;
type CommandShape<A extends EventAction> = Omit<Shape<A>, DerivedOf<A> | DefaultedOf<A>> & { [K in DefaultedOf<A> & keyof Shape<A>]: z.ZodOptional<Extract<Shape<A>[K], z.core.SomeType>> };

export type CommandDataSchema<A extends EventAction> = z.ZodObject<CommandShape<A>, z.core.$strict>;

const membersOf = (masks: Partial<Record<EventAction, Readonly<Record<string, true>>>>, action: EventAction) => Object.keys(masks[action] ?? {});

export function commandDataSchemaOf<A extends EventAction>(action: A): CommandDataSchema<A> {
  const data: z.ZodObject = EVENT_DATA_SCHEMAS[action];
  const derived = membersOf(DERIVED, action);
  const defaulted = membersOf(DEFAULTED, action);
  const shape = Object.entries(data.shape)
    .filter(([k]) => !derived.includes(k))
    .map(([k, member]) => [k, defaulted.includes(k) ? member.optional() : member] as const);
  return z.strictObject(Object.fromEntries(shape)) as unknown as CommandDataSchema<A>;
}
