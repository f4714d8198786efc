// The roster: people, their memberships of the SMKI PMA and the SSC, and their affiliations.
// The secretariat (an admin account) keeps it; everyone signed in may read it.
import { z } from 'zod';
import { personSchema } from '../../../approvals/index.ts';
import { commandRoute } from './command.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';

const TAG = 'Roster';

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
    action: 'roster.person_added',
    tag: TAG,
    summary: 'Add a person to the roster',
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people/:personId/memberships',
    operationId: 'startMembership',
    action: 'roster.membership_started',
    tag: TAG,
    summary: 'Start a membership of the SMKI PMA or the SSC',
    description: 'specialist marks the SMKI Specialist (PMA members only).',
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people/:personId/memberships/end',
    operationId: 'endMembership',
    action: 'roster.membership_ended',
    tag: TAG,
    summary: 'End a membership',
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people/:personId/affiliations',
    operationId: 'addAffiliation',
    action: 'roster.affiliation_added',
    tag: TAG,
    summary: 'Record that a person works for or is paid by the DCC or a provider',
    description: 'Affiliations decide recusal: a member affiliated with the source or target provider is not counted.',
  }),
  commandRoute({
    method: 'post',
    path: '/roster/people/:personId/affiliations/end',
    operationId: 'endAffiliation',
    action: 'roster.affiliation_ended',
    tag: TAG,
    summary: 'End an affiliation',
  }),
];
