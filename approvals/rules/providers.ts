// Service providers and their keys. A key is registered by its certificate's metadata record (from
// pki/); its id is the record's spkiSha256, and only keys whose kind and Remote Party Role are
// eligible for transfer (`transferable`) are accepted.
import { assertNever } from '../assert-never.ts';
import { refuse } from '../errors.ts';
import type { EventIn } from '../event-types.ts';
import type { ProviderId } from '../ids.ts';
import { keyIdOf } from '../model/provider.ts';
import type { ServiceProvider } from '../model/provider.ts';
import type { ApprovalState } from '../state-types.ts';
import { requireActorRole } from './actor.ts';

export function requireProvider(state: ApprovalState, id: ProviderId): ServiceProvider {
  return state.providers.get(id) ?? refuse('provider-unknown', `no service provider "${id}"`, { providerId: id });
}

export function checkProviderEvent(state: ApprovalState, event: EventIn<'provider'>): void {
  requireActorRole(event.actor, ['secretariat'], event.action);
  switch (event.action) {
    case 'provider.registered':
      if (state.providers.has(event.data.providerId)) refuse('provider-exists', `service provider "${event.data.providerId}" exists`);
      return;
    case 'provider.status_changed':
      requireProvider(state, event.data.providerId);
      return;
    default:
      return assertNever(event);
  }
}

export function checkKeyEvent(state: ApprovalState, event: EventIn<'key'>): void {
  requireActorRole(event.actor, ['secretariat'], event.action);
  const { keyId, holderId, certificate } = event.data;
  if (keyId !== keyIdOf(certificate)) refuse('event-malformed', `key id ${keyId} is not the certificate's spkiSha256`);
  if (state.keys.has(keyId)) refuse('key-exists', `key ${keyId} is already registered`, { keyId });
  requireProvider(state, holderId);
  if (!certificate.transferable) {
    refuse('key-not-transferable', `a ${certificate.kind} key with role ${String(certificate.role)} is not eligible for transfer`, { keyId, kind: certificate.kind, role: certificate.role });
  }
  // A key is named by a genuine SMKI certificate: one that passed the profile and chain checks.
  if (certificate.valid !== true) {
    refuse('key-certificate-invalid', `the certificate ${certificate.fingerprint} failed validation; a key is registered by a valid SMKI certificate`, { keyId });
  }
}
