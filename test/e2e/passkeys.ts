// Chromium's virtual authenticator (CDP WebAuthn domain) for the browser tests: each page gets an
// authenticator with user verification that answers every WebAuthn prompt by itself. A
// credential lives in one authenticator; credentialsOf reads what it holds.
import type { CDPSession, Page } from 'playwright-core';

type VirtualCredential = Record<string, unknown>;

export interface VirtualAuthenticator {
  readonly cdp: CDPSession;
  readonly authenticatorId: string;
}

export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

/** The credentials the authenticator holds, to carry to another page. */
export async function credentialsOf({ cdp, authenticatorId }: VirtualAuthenticator): Promise<VirtualCredential[]> {
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  return credentials as unknown as VirtualCredential[];
}

