// Renders notices to email messages (subject, plain text, HTML) from the templates in
// templates/. Pure: the caller passes the public URL. A message says which request, what
// happened, what awaits the reader and where to look; it never carries free text of the request
// (rationale, reasons, conditions), a document or a credential's key.
import { DEFAULT_NOTIFICATION_TABLE } from './kinds.ts';
import type { NotificationKind, NotificationTable } from './kinds.ts';
import { DIGEST_HTML, DIGEST_SUBJECT, DIGEST_TEXT } from './templates/digest.ts';
import { MESSAGE_HTML, MESSAGE_SUBJECT, MESSAGE_TEXT } from './templates/message.ts';

export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface NoticeFacts {
  readonly kind: NotificationKind;
  readonly requestId: string | null;
  readonly title: string;
  readonly logIndex: number;
  readonly recipientName: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function fill(template: string, values: Readonly<Record<string, string>>, escape: (s: string) => string = (s) => s): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => escape(values[name] ?? ''));
}

/** The page a notice links to: the request's page, or the reader's own page for the rest. */
export function noticeLink(publicUrl: string, facts: Pick<NoticeFacts, 'kind' | 'requestId'>): string {
  const base = publicUrl.replace(/\/+$/, '');
  if (facts.requestId !== null) return `${base}/ui/requests/${encodeURIComponent(facts.requestId)}`;
  if (facts.kind === 'log.halted') return `${base}/ui/log`;
  return `${base}/ui/credentials`;
}

export function preferencesLink(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/ui/notifications`;
}

function valuesOf(facts: NoticeFacts, publicUrl: string, table: NotificationTable): Readonly<Record<string, string>> & { readonly lead: string; readonly summary: string; readonly link: string } {
  const row = table[facts.kind];
  const lead = facts.requestId === null ? '' : `Request ${facts.requestId}${facts.title === '' ? '' : ` (${facts.title})`}: `;
  return {
    recipientName: facts.recipientName,
    subjectLead: facts.requestId === null ? '' : `${facts.requestId}: `,
    lead,
    summary: row.summary,
    awaits: row.awaits,
    link: noticeLink(publicUrl, facts),
    preferencesLink: preferencesLink(publicUrl),
    logIndex: String(facts.logIndex),
    why: row.security ? 'a security notice (always sent)' : `one of the people told of "${row.summary}"`,
  };
}

export function renderNotice(facts: NoticeFacts, publicUrl: string, table: NotificationTable = DEFAULT_NOTIFICATION_TABLE): RenderedMessage {
  const values = valuesOf(facts, publicUrl, table);
  return { subject: fill(MESSAGE_SUBJECT, values), text: fill(MESSAGE_TEXT, values), html: fill(MESSAGE_HTML, values, escapeHtml) };
}

/** One message gathering a day's notices for one reader. */
export function renderDigest(recipientName: string, notices: readonly Omit<NoticeFacts, 'recipientName'>[], publicUrl: string, table: NotificationTable = DEFAULT_NOTIFICATION_TABLE): RenderedMessage {
  const items = notices.map((n) => valuesOf({ ...n, recipientName }, publicUrl, table));
  const base = { recipientName, count: String(notices.length), preferencesLink: preferencesLink(publicUrl) };
  const text = items.map((v) => `- ${v.lead}${v.summary}. ${v.link}\n`).join('');
  const html = items.map((v) => `<li>${escapeHtml(v.lead)}${escapeHtml(v.summary)}. <a href="${escapeHtml(v.link)}">Open</a></li>\n`).join('');
  const escaped = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, escapeHtml(v)]));
  return { subject: fill(DIGEST_SUBJECT, base), text: fill(DIGEST_TEXT, { ...base, lines: text }), html: fill(DIGEST_HTML, { ...escaped, lines: html }) };
}
