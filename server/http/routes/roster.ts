// The roster: people, their memberships of the SMKI PMA and the SSC, and their affiliations.
// The secretariat (an admin account) keeps it; everyone signed in may read it.
import { z } from 'zod';
import { commandRoute } from './command.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';
import { name, personId } from './schemas-common.ts';
import { body, memberRole, organisation, personSchema } from './schemas-world.ts';

const TAG = 'Roster';
const person = z.strictObject({ personId });
const membership = { body, role: memberRole };
const affiliation = { organisation };

export const ROSTER_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/roster/people',
    operationId: 'listPeople',
    tag: TAG,
    summary: 'List the people on the roster with their memberships and affiliations',
    response: { status: 200, description: 'every person, by id', mediaType: 'application/json', schema: z.array(personSchema) },
    handle: async ({ kg }) => [...(await kg.approvals.world()).people.values()],
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people',
    operationId: 'addPerson',
    tag: TAG,
    summary: 'Add a person to the roster',
    body: z.strictObject({ personId, name }),
    event: { action: 'roster.person_added', data: z.strictObject({ personId, name }) },
    command: (actor, { body: data }) => ({ action: 'roster.person_added', actor, data }),
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people/:personId/memberships',
    operationId: 'startMembership',
    tag: TAG,
    summary: 'Start a membership of the SMKI PMA or the SSC',
    description: 'specialist marks the SMKI Specialist (PMA members only).',
    params: person,
    body: z.strictObject({ ...membership, specialist: z.boolean() }),
    event: { action: 'roster.membership_started', data: z.strictObject({ personId, ...membership, specialist: z.boolean() }) },
    command: (actor, { params, body: data }) => ({ action: 'roster.membership_started', actor, data: { personId: params.personId, ...data } }),
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people/:personId/memberships/end',
    operationId: 'endMembership',
    tag: TAG,
    summary: 'End a membership',
    params: person,
    body: z.strictObject(membership),
    event: { action: 'roster.membership_ended', data: z.strictObject({ personId, ...membership }) },
    command: (actor, { params, body: data }) => ({ action: 'roster.membership_ended', actor, data: { personId: params.personId, ...data } }),
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people/:personId/affiliations',
    operationId: 'addAffiliation',
    tag: TAG,
    summary: 'Record that a person works for or is paid by the DCC or a provider',
    description: 'Affiliations decide recusal: a member affiliated with the source or target provider is not counted.',
    params: person,
    body: z.strictObject(affiliation),
    event: { action: 'roster.affiliation_added', data: z.strictObject({ personId, ...affiliation }) },
    command: (actor, { params, body: data }) => ({ action: 'roster.affiliation_added', actor, data: { personId: params.personId, ...data } }),
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people/:personId/affiliations/end',
    operationId: 'endAffiliation',
    tag: TAG,
    summary: 'End an affiliation',
    params: person,
    body: z.strictObject(affiliation),
    event: { action: 'roster.affiliation_ended', data: z.strictObject({ personId, ...affiliation }) },
    command: (actor, { params, body: data }) => ({ action: 'roster.affiliation_ended', actor, data: { personId: params.personId, ...data } }),
  }),
];
