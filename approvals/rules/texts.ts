// Required texts must say something: each is measured trimmed (leading and trailing white space
// does not count) against the minimum set for its field in TEXT_MINIMUMS, the one place these
// numbers live. The rule runs in checkEvent, so commands from the API, the pages and the CLI meet
// it, and replay fails a log holding a blank reason. Texts are kept as written, never trimmed.
import { refuse } from '../errors.ts';
import type { ApprovalEvent } from '../event-types.ts';

/** Characters each required text needs once trimmed. */
export const TEXT_MINIMUMS = {
  // What the DCC asks for: a case, not a word.
  rationale: 20,
  mechanismDescription: 20,
  sectionGStatement: 10,
  prospectiveChangesConsidered: 3,
  // Reasons the record relies on; a departure from the SSC's advice most of all.
  departureReason: 10,
  waiverReason: 10,
  adviceText: 5,
  adviceCondition: 5,
  conflictReason: 5,
  voteReasons: 3,
  voteCondition: 5,
  questions: 5,
  withdrawalReason: 5,
  decisionCondition: 5,
  conditionNote: 5,
  revocationReason: 5,
  credentialRevocationReason: 5,
} as const;
export type TextField = keyof typeof TEXT_MINIMUMS;

type Texts = readonly (readonly [TextField, string])[];

/** The required texts an event holds, each with its field. */
function textsOf(event: ApprovalEvent): Texts {
  switch (event.action) {
    case 'request.created':
    case 'request.amended': {
      const { rationale, mechanism, recipientSecurity } = event.data.revision;
      return [
        ['rationale', rationale],
        ['mechanismDescription', mechanism.description],
        ['sectionGStatement', recipientSecurity.sectionGStatement],
        ['prospectiveChangesConsidered', recipientSecurity.prospectiveChangesConsidered],
      ];
    }
    case 'request.advice_recorded':
      return [['adviceText', event.data.text], ...event.data.conditions.map((c) => ['adviceCondition', c] as const)];
    case 'request.advice_waived':
      return [['waiverReason', event.data.reason]];
    case 'request.conflict_declared':
      return [['conflictReason', event.data.reason]];
    case 'request.vote_cast':
      return [['voteReasons', event.data.reasons], ...event.data.conditions.map((c) => ['voteCondition', c] as const)];
    case 'request.information_requested':
      return [['questions', event.data.questions]];
    case 'request.withdrawn':
      return [['withdrawalReason', event.data.reason]];
    case 'request.decided': {
      const conditions = event.data.conditions.map((c) => ['decisionCondition', c.text] as const);
      return event.data.departureReason === null ? conditions : [...conditions, ['departureReason', event.data.departureReason]];
    }
    case 'request.condition_met':
      return [['conditionNote', event.data.note]];
    case 'request.revoked':
      return [['revocationReason', event.data.reason]];
    case 'credential.revoked':
      return [['credentialRevocationReason', event.data.reason]];
    default:
      return [];
  }
}

/** Refuses the first required text shorter, trimmed, than its field's minimum. */
export function checkTexts(event: ApprovalEvent): void {
  for (const [field, text] of textsOf(event)) {
    const minimum = TEXT_MINIMUMS[field];
    const length = [...text.trim()].length;
    if (length < minimum) refuse('text-too-short', `${field} must say something: at least ${minimum} characters, not counting white space around them (${length} given)`, { field, minimum, length });
  }
}
