// Personal Ed25519 keys for the people of the approvals tests: each person gets a key the first
// time they act, enrolled through the same credential.enrolled command a client sends, and every
// signed command is signed as a client would sign it.
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ed25519CredentialOf, isSignedRequestAction, signStatementEd25519, statementForCommand, toPersonId } from '../../approvals/index.ts';
import type { Actor, ApprovalEvent, Command, Ed25519Credential, Proof } from '../../approvals/index.ts';

/** The log origin of the approvals tests' statements. */
export const TEST_ORIGIN = 'keygate.test/approvals';

export interface PersonalKey {
  readonly privateKey: KeyObject;
  readonly credential: Ed25519Credential;
}

export class Signers {
  private readonly keys = new Map<string, PersonalKey>();

  constructor(readonly origin: string = TEST_ORIGIN) {}

  has(person: string): boolean {
    return this.keys.has(person);
  }

  /** The person's key, made on first use. */
  keyOf(person: string): PersonalKey {
    let key = this.keys.get(person);
    if (key === undefined) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      key = { privateKey, credential: ed25519CredentialOf(publicKey) };
      this.keys.set(person, key);
    }
    return key;
  }

  /** A fresh key for the person (a later credential), replacing the one in use. */
  rotate(person: string): PersonalKey {
    this.keys.delete(person);
    return this.keyOf(person);
  }

  /** The enrolment command for the person's key, signed by it (and approved by `approver`, for a later credential). */
  enrolment(actor: Actor, time: Date | string, approver?: PersonalKey): Command {
    const key = this.keyOf(actor.id);
    const data = { personId: toPersonId(actor.id), credential: key.credential };
    const statement = statementForCommand({ action: 'credential.enrolled', actor, data }, { origin: this.origin, time });
    const approval = approver === undefined ? null : signStatementEd25519(approver.privateKey, statement);
    return { action: 'credential.enrolled', actor, data: { ...data, signature: signStatementEd25519(key.privateKey, statement), approval } };
  }

  /** The proof `person` signs for a command (or event data) at `time`. */
  proof(command: { readonly action: string; readonly actor: Actor; readonly data: object }, time: Date | string, signer: string = command.actor.id): Proof {
    if (!isSignedRequestAction(command.action)) throw new Error(`${command.action} is not signed`);
    const statement = statementForCommand({ action: command.action, actor: command.actor, data: command.data as Record<string, unknown> }, { origin: this.origin, time });
    return signStatementEd25519(this.keyOf(signer).privateKey, statement);
  }

  /** The command with its signature, unless it already has one (or null: left unsigned). */
  sign(command: Command, time: Date | string): Command {
    if (!isSignedRequestAction(command.action) || 'signature' in command.data) return command;
    return { ...command, data: { ...command.data, signature: this.proof(command, time) } } as Command;
  }

  /** The event with its person's signature in place of a null one. */
  signEvent(event: ApprovalEvent): ApprovalEvent {
    const data = event.data as { readonly signature?: Proof | null };
    if (!isSignedRequestAction(event.action) || data.signature !== null) return event;
    return { ...event, data: { ...event.data, signature: this.proof(event, event.time) } } as ApprovalEvent;
  }
}

/** Whether the actor is a person who signs (not the secretariat or the system). */
export function isPersonActor(actor: Actor): boolean {
  return actor.role !== 'secretariat' && actor.role !== 'system';
}
