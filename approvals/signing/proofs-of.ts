// The signed statements an event carries: a request action's signature, an enrolment's proof of
// possession and approval. Replay's report and its once-only check read them from here.
import type { ApprovalEvent } from '../event-types.ts';
import type { Proof } from './proof.ts';

export function proofsOf(event: ApprovalEvent): readonly Proof[] {
  if (event.action === 'credential.enrolled') return event.data.approval === null ? [event.data.signature] : [event.data.signature, event.data.approval];
  const data = event.data as { readonly signature?: Proof | null };
  return data.signature === undefined || data.signature === null ? [] : [data.signature];
}
