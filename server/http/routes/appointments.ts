// Chair appointments (SEC Section L): the appointment, the Secretary of State's non-objection,
// security vetting, clearance, an extended clearance deadline, and termination. A chair acts only
// while the appointment is in force; the rules judge that at each action's time.
import { z } from 'zod';
import { chairAppointmentSchema } from '../../../approvals/index.ts';
import { commandRoute } from './command.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';

const TAG = 'Roster';

export const APPOINTMENT_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/roster/appointments',
    operationId: 'listAppointments',
    tag: TAG,
    summary: 'List chair appointments',
    response: { status: 200, description: 'every chair appointment, by id', mediaType: 'application/json', schema: z.array(chairAppointmentSchema) },
    handle: async ({ kg }) => [...(await kg.approvals.world()).appointments.values()],
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments',
    operationId: 'makeAppointment',
    action: 'appointment.made',
    tag: TAG,
    summary: 'Appoint the chair of the SMKI PMA or the SSC',
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments/:appointmentId/non-objection',
    operationId: 'recordNonObjection',
    action: 'appointment.non_objection_recorded',
    tag: TAG,
    summary: "Record the Secretary of State's non-objection",
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments/:appointmentId/vetting',
    operationId: 'startVetting',
    action: 'appointment.vetting_started',
    tag: TAG,
    summary: 'Record the start of security vetting',
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments/:appointmentId/clearance',
    operationId: 'grantClearance',
    action: 'appointment.clearance_granted',
    tag: TAG,
    summary: 'Record that the chair holds security clearance',
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments/:appointmentId/clearance-extension',
    operationId: 'extendClearanceDeadline',
    action: 'appointment.clearance_deadline_extended',
    tag: TAG,
    summary: 'Record a later clearance deadline approved by the Secretary of State',
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments/:appointmentId/termination',
    operationId: 'terminateAppointment',
    action: 'appointment.terminated',
    tag: TAG,
    summary: 'Terminate an appointment',
  }),
];
