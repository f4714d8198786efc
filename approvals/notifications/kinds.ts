// The notification table: which event kinds exist, who hears of each by default, and which ones
// are security notices that nobody may turn off. Versioned: a deployment that adjusts the
// audiences (NotificationTable.audiences) says which version it started from, and a change to
// the defaults here bumps NOTIFICATION_TABLE_VERSION and is listed in README.md ("Notifications").
//
// To add a kind (for example when the condition deadlines of issue 13 land): add a row here, a
// trigger in triggers.ts that recognizes the causing event, and a template in templates/.

/** Bump when a default audience, a kind or a security flag changes. */
export const NOTIFICATION_TABLE_VERSION = 1;

/**
 * Who a notification is for. Person audiences are resolved from the approval state (the
 * chairs whose appointment is in force, the roster's PMA members, the request's participants);
 * `admins` and `auditors` are the accounts holding those roles (resolved by the server).
 */
export const AUDIENCES = [
  'pma_chair',
  'ssc_chair',
  /** The requester's people: the DCC person who created the request and every DCC-affiliated person. */
  'dcc',
  /** Every current PMA member. */
  'members',
  /** The PMA members who may vote on the request's current revision (not the recused). */
  'eligible_members',
  /** The person whose own action or credential the notice is about. */
  'subject_person',
  'admins',
  'auditors',
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const NOTIFICATION_KINDS = [
  'request.submitted',
  'request.consultation_opened',
  'request.advice_recorded',
  'request.voting_opened',
  'request.vote_changed',
  'request.information_requested',
  'request.decided',
  'request.executed',
  'request.closed',
  'credential.enrolled',
  'credential.revoked',
  'log.halted',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface KindRow {
  /** What happened, as the subject line says it (after the request id). */
  readonly summary: string;
  /** What the notice asks of its reader. */
  readonly awaits: string;
  readonly audiences: readonly Audience[];
  /** Security notices are always delivered at once: a preference cannot turn them off or delay them. */
  readonly security: boolean;
}

export type NotificationTable = { readonly [K in NotificationKind]: KindRow };

export const DEFAULT_NOTIFICATION_TABLE: NotificationTable = {
  'request.submitted': { summary: 'submitted for approval', awaits: 'The chair opens SSC consultation or voting.', audiences: ['pma_chair', 'ssc_chair'], security: false },
  'request.consultation_opened': { summary: 'SSC consultation opened', awaits: 'The SSC chair records the SSC advice.', audiences: ['ssc_chair'], security: false },
  'request.advice_recorded': { summary: 'SSC advice recorded or waived', awaits: 'The chair opens voting.', audiences: ['pma_chair', 'dcc'], security: false },
  'request.voting_opened': { summary: 'voting opened', awaits: 'Your vote on the transfer, the mechanism and the recipient security.', audiences: ['eligible_members'], security: false },
  'request.vote_changed': { summary: 'your vote was changed', awaits: 'Nothing, unless you did not change it: this is your receipt.', audiences: ['subject_person'], security: true },
  'request.information_requested': { summary: 'information requested', awaits: 'The DCC amends the request with the information asked for.', audiences: ['dcc'], security: false },
  'request.decided': { summary: 'decided', awaits: 'Read the decision and its conditions.', audiences: ['dcc', 'members', 'ssc_chair'], security: false },
  'request.executed': { summary: 'execution recorded', awaits: 'Read the execution record.', audiences: ['pma_chair', 'members'], security: false },
  'request.closed': { summary: 'closed without execution (withdrawn, expired or revoked)', awaits: 'Nothing further is needed on this request.', audiences: ['dcc', 'pma_chair'], security: false },
  'credential.enrolled': { summary: 'a signing credential was enrolled for you', awaits: 'Check the fingerprint is yours; if you did not enrol it, tell an admin at once.', audiences: ['subject_person'], security: true },
  'credential.revoked': { summary: 'a signing credential of yours was revoked', awaits: 'Enrol a new credential before you next sign.', audiences: ['subject_person'], security: true },
  'log.halted': { summary: 'the audit log halted (an integrity error or a rollback detected)', awaits: 'Check the log (keygate log check) and resume it once repaired.', audiences: ['admins', 'auditors'], security: true },
};

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
