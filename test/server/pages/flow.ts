// The TCoS-to-ECoS transfer as form posts, step by step, shared by the page tests. Each step is
// what one user does on one page; the clock moves as in the API scenario.
import crypto from 'node:crypto';
import { expect } from 'chai';
import { orgCert } from '../../pki/fixtures.ts';
import type { Clock } from '../../helpers/approval-scenario.ts';
import { PageClient } from './page-client.ts';
import type { PageResponse } from './page-client.ts';

export const REQUEST_ID = 'REQ-2026-001';
export const REQUEST_PATH = `/ui/requests/${REQUEST_ID}`;

export function pem(der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function privateKeyPem(): string {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

export function requestForm(tcosKey: string, evidenceText = 'The ECoS Party systems were assessed against Section G.'): Record<string, string> {
  return {
    requestId: REQUEST_ID,
    keyId: tcosKey,
    sourceProviderId: 'tcos-host',
    targetProviderId: 'ecos-party',
    programme: 'ecos_migration',
    rationale: 'Shut down the TCoS service: its Change-of-Supplier signing moves to the ECoS Party.',
    mechanismMethod: 'hsm_export_under_kek',
    mechanismDescription: 'Export under a key-encryption key agreed between the HSMs; dual control.',
    witnesses: 'CIO observer',
    sectionGStatement: 'The recipient systems comply with SEC Section G.',
    assessmentReferences: 'DCC-SA-2026-004',
    prospectiveChangesConsidered: 'Section G changes under consultation in 2026.',
    windowFrom: '2026-03-01T00:00',
    windowUntil: '2026-03-20T00:00',
    evidenceName: `${REQUEST_ID}-security-case.txt`,
    evidenceText,
  };
}

export async function as(baseUrl: string, username: string): Promise<PageClient> {
  const client = new PageClient(baseUrl);
  const res = await client.login(username);
  expect(res.status, `login as ${username}`).to.equal(303);
  return client;
}

export function expectRedirect(res: PageResponse, notice: string): void {
  expect(res.status, res.text.slice(0, 2000)).to.equal(303);
  expect(res.location).to.contain(`notice=${notice}`);
}

const vote = (choice: string) => ({
  choice_transfer: choice, reasons_transfer: `${choice}: the case is sound.`,
  choice_mechanism: choice, reasons_mechanism: `${choice}: dual control.`,
  choice_recipient_security: choice, reasons_recipient_security: `${choice}: assessed.`,
});

/** From nothing to voting: created and submitted by the DCC, consulted by the chair, advised by the SSC. */
export async function toVoting(url: string, clock: Clock, tcosKey: string): Promise<void> {
  clock.now = new Date('2026-02-01T09:00:00Z');
  const dan = await as(url, 'dcc-dan');
  expect((await dan.post('/ui/requests', requestForm(tcosKey), { csrfFrom: '/ui/requests/new' })).status).to.equal(303);
  expectRedirect(await dan.post(`${REQUEST_PATH}/submission`, {}, { csrfFrom: REQUEST_PATH }), 'submitted');
  const clara = await as(url, 'chair-clara');
  expectRedirect(await clara.post(`${REQUEST_PATH}/consultation`, {}, { csrfFrom: REQUEST_PATH }), 'consultation');
  clock.now = new Date('2026-02-09T15:00:00Z');
  const sol = await as(url, 'ssc-sol');
  expectRedirect(await sol.post(`${REQUEST_PATH}/advice`, { position: 'support_with_conditions', text: 'The SSC supports the transfer.', conditions: 'The CIO reviews the HSM audit logs of the export.' }, { csrfFrom: REQUEST_PATH }), 'advice');
  const clara2 = await as(url, 'chair-clara');
  expectRedirect(await clara2.post(`${REQUEST_PATH}/voting`, {}, { csrfFrom: REQUEST_PATH }), 'voting');
}

export async function castApprovals(url: string, clock: Clock): Promise<void> {
  clock.now = new Date('2026-02-10T10:00:00Z');
  for (const who of ['spec-sam', 'sup-una', 'sup-vic']) {
    const member = await as(url, who);
    expectRedirect(await member.post(`${REQUEST_PATH}/votes`, vote('approve'), { csrfFrom: REQUEST_PATH }), 'voted');
  }
}

export async function decideAndExecute(url: string, clock: Clock): Promise<void> {
  clock.now = new Date('2026-02-11T16:00:00Z');
  const clara = await as(url, 'chair-clara');
  expectRedirect(await clara.post(`${REQUEST_PATH}/decision`, { conditions: 'The CIO reviews the HSM audit logs of the export.' }, { csrfFrom: REQUEST_PATH }), 'decided');
  clock.now = new Date('2026-03-05T12:00:00Z');
  const clara2 = await as(url, 'chair-clara');
  expectRedirect(await clara2.post(`${REQUEST_PATH}/conditions-met`, { conditionId: 'c1', note: 'Reviewed.', evidenceName: 'cio-review.txt', evidenceText: 'HSM logs reviewed.' }, { csrfFrom: REQUEST_PATH }), 'condition');
  const dan = await as(url, 'dcc-dan');
  const execution = { executedAt: '2026-03-05T10:00', recipientCertificate: pem(orgCert(5, { eui: '90B3D51F3000EC01' })), evidenceName: 'ceremony-minutes.txt', evidenceText: 'Key ceremony minutes.' };
  expectRedirect(await dan.post(`${REQUEST_PATH}/execution`, execution, { csrfFrom: REQUEST_PATH }), 'executed');
}
