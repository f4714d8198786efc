// How `keygate request show` and `keygate request list` print a request for a person at a
// terminal: the current revision, the SSC advice, the votes against the quorum, the decision with
// its conditions, the execution and any closure. Pure: the caller fetches, this formats.
import { VOTE_SUBJECTS } from '../../approvals/index.ts';
import type { PolicyTerms, QuorumRule, TransferRequest, VoteChoice } from '../../approvals/index.ts';

/** One row of GET /requests. */
export interface RequestSummary {
  readonly id: string;
  readonly state: string;
  readonly sourceProviderId: string;
  readonly targetProviderId: string;
  readonly programme: string;
  readonly revision: { readonly number: number };
  readonly executionWindow: { readonly from: string; readonly until: string };
}

const CHOICES: readonly VoteChoice[] = ['approve', 'reject', 'abstain'];

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function formatColumns(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

export function formatRequestList(rows: readonly RequestSummary[]): string {
  if (rows.length === 0) return 'no requests\n';
  const header = ['ID', 'STATE', 'REV', 'FROM', 'TO', 'PROGRAMME', 'WINDOW'];
  const body = rows.map((r) => [r.id, r.state, String(r.revision.number), r.sourceProviderId, r.targetProviderId, r.programme, `${r.executionWindow.from} .. ${r.executionWindow.until}`]);
  return `${formatColumns([header, ...body])}\n`;
}

export function describeQuorumRule(rule: QuorumRule): string {
  return rule.kind === 'count' ? `${rule.count} vote${rule.count === 1 ? '' : 's'} per subject` : `${rule.numerator}/${rule.denominator} of the members counted, per subject`;
}

function adviceLines(r: TransferRequest, hash: string): string[] {
  const advice = r.advice.filter((a) => a.revisionHash === hash).at(-1);
  const waiver = r.adviceWaivers.filter((w) => w.revisionHash === hash).at(-1);
  if (advice !== undefined) {
    return [`  SSC advice: ${advice.position} (${advice.by}, ${advice.at})`, `    ${advice.text}`, ...advice.conditions.map((c) => `    advised condition: ${c}`)];
  }
  if (waiver !== undefined) return [`  SSC advice: not sought (${waiver.by}, ${waiver.at}): ${waiver.reason}`];
  return ['  SSC advice: none on this revision'];
}

function voteLines(r: TransferRequest, hash: string, policy: PolicyTerms | null): string[] {
  const current = r.votes.filter((v) => v.revisionHash === hash);
  const rule = policy === null ? '' : ` (quorum: ${describeQuorumRule(policy.quorum)})`;
  const lines = [`  votes on this revision${rule}:`];
  for (const subject of VOTE_SUBJECTS) {
    const latest = new Map(current.filter((v) => v.subject === subject).map((v) => [v.voterId, v.choice]));
    const counts = CHOICES.map((c) => `${c} ${[...latest.values()].filter((x) => x === c).length}`).join(', ');
    lines.push(`    ${subject}: ${counts}`);
  }
  return lines;
}

function decisionLines(r: TransferRequest): string[] {
  const d = r.decision;
  if (d === null) return ['  decision: none yet'];
  const t = d.tally;
  const lines = [
    `  decision: ${d.outcome} (${d.by}, ${d.at}, policy version ${d.policyVersion})`,
    `    quorum: ${t.quorumRequired} of ${t.quorumBase} members counted, ${t.quorumMet ? 'met' : 'not met'}; ${t.subjects.map((s) => `${s.subject} ${s.outcome} (${s.approve}-${s.reject}-${s.abstain})`).join(', ')}`,
  ];
  if (t.recused.length > 0) lines.push(`    recused: ${t.recused.map((x) => `${x.personId} (${x.reason})`).join(', ')}`);
  if (d.advice.kind === 'advice') lines.push(`    relied on SSC advice: ${d.advice.position}`);
  if (d.advice.kind === 'waived') lines.push(`    SSC advice not sought: ${d.advice.reason}`);
  if (d.departureReason !== null) lines.push(`    departs from the SSC advice because: ${d.departureReason}`);
  const met = new Map(r.conditionsMet.map((c) => [c.conditionId, c]));
  if (d.conditions.length === 0) lines.push('  conditions: none');
  else lines.push('  conditions:');
  for (const c of d.conditions) {
    const m = met.get(c.conditionId);
    lines.push(`    ${c.conditionId}: ${c.text} [${m === undefined ? 'open' : `met (${m.by}, ${m.at})`}]`);
  }
  return lines;
}

function executionLines(r: TransferRequest): string[] {
  const e = r.execution;
  if (e === null) return r.decision?.outcome === 'approved' ? ['  execution: not recorded yet'] : [];
  const cert = e.recipientCertificate;
  return [
    `  execution: executed at ${e.executedAt} (recorded by ${e.by}, ${e.at})`,
    `    recipient certificate: fingerprint ${cert.fingerprint}, valid ${cert.validity.notBefore} .. ${cert.validity.notAfter}`,
    ...e.evidence.map((a) => `    evidence: ${a.name} (${a.size} bytes, sha256 ${a.sha256})`),
  ];
}

function closureLines(r: TransferRequest): string[] {
  const c = r.closure;
  if (c === null) return [];
  switch (c.kind) {
    case 'withdrawn':
      return [`  withdrawn (${c.at}): ${c.reason}`];
    case 'revoked':
      return [`  revoked (${c.at}, ${c.decisionReference}): ${c.reason}`];
    case 'expired':
      return [`  expired (${c.at})`];
  }
}

/** `policy` is the policy in force, for the quorum rule; null when it could not be read. */
export function describeRequest(r: TransferRequest, policy: PolicyTerms | null): string {
  const rev = r.revisions.at(-1);
  const lines = [`${r.id}: ${r.state}${r.decision === null ? '' : ` (decision: ${r.decision.outcome})`}`];
  if (rev !== undefined) {
    lines.push(
      `  revision ${rev.number} ${rev.hash} (${rev.at})`,
      `  key ${rev.content.keyId}: ${rev.content.sourceProviderId} -> ${rev.content.targetProviderId} (${rev.content.programme})`,
      `  window ${rev.content.executionWindow.from} .. ${rev.content.executionWindow.until}`,
      ...adviceLines(r, rev.hash),
      ...voteLines(r, rev.hash, policy),
    );
  }
  lines.push(...decisionLines(r), ...executionLines(r), ...closureLines(r));
  return `${lines.join('\n')}\n`;
}
