// Chair appointments (SEC Section L): the appointment, the Secretary of State's non-objection,
// security vetting, clearance, an extended clearance deadline, and termination. A chair acts only
// while the appointment is in force; the rules judge that at each action's time.
import { z } from 'zod';
import { TERMINATION_BASES } from '../../../approvals/index.ts';
import { commandRoute } from './command.ts';
import { defineRoute } from './route.ts';
import type { Route } from './route.ts';
import { appointmentId, calendarDate, personId, reference } from './schemas-common.ts';
import { appointmentSchema, body, clearance } from './schemas-world.ts';

const TAG = 'Roster';
const appointment = z.strictObject({ appointmentId });
const nonObjection = { date: calendarDate, reference };
const vetting = { startedOn: calendarDate };
const clearanceHeld = { heldOn: calendarDate };
const extension = { until: calendarDate, reference };
const termination = { on: calendarDate, basis: z.enum(TERMINATION_BASES), reference };
const made = { appointmentId, personId, body, appointedOn: calendarDate, clearance };

export const APPOINTMENT_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/roster/appointments',
    operationId: 'listAppointments',
    tag: TAG,
    summary: 'List chair appointments',
    response: { status: 200, description: 'every chair appointment, by id', mediaType: 'application/json', schema: z.array(appointmentSchema) },
    handle: async ({ kg }) => [...(await kg.approvals.world()).appointments.values()],
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments',
    operationId: 'makeAppointment',
    tag: TAG,
    summary: 'Appoint the chair of the SMKI PMA or the SSC',
    body: z.strictObject(made),
    event: { action: 'appointment.made', data: z.strictObject(made) },
    command: (actor, { body: data }) => ({ action: 'appointment.made', actor, data }),
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments/:appointmentId/non-objection',
    operationId: 'recordNonObjection',
    tag: TAG,
    summary: "Record the Secretary of State's non-objection",
    params: appointment,
    body: z.strictObject(nonObjection),
    event: { action: 'appointment.non_objection_recorded', data: z.strictObject({ appointmentId, ...nonObjection }) },
    command: (actor, { params, body: data }) => ({ action: 'appointment.non_objection_recorded', actor, data: { appointmentId: params.appointmentId, ...data } }),
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments/:appointmentId/vetting',
    operationId: 'startVetting',
    tag: TAG,
    summary: 'Record the start of security vetting',
    params: appointment,
    body: z.strictObject(vetting),
    event: { action: 'appointment.vetting_started', data: z.strictObject({ appointmentId, ...vetting }) },
    command: (actor, { params, body: data }) => ({ action: 'appointment.vetting_started', actor, data: { appointmentId: params.appointmentId, ...data } }),
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments/:appointmentId/clearance',
    operationId: 'grantClearance',
    tag: TAG,
    summary: 'Record that the chair holds security clearance',
    params: appointment,
    body: z.strictObject(clearanceHeld),
    event: { action: 'appointment.clearance_granted', data: z.strictObject({ appointmentId, ...clearanceHeld }) },
    command: (actor, { params, body: data }) => ({ action: 'appointment.clearance_granted', actor, data: { appointmentId: params.appointmentId, ...data } }),
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments/:appointmentId/clearance-extension',
    operationId: 'extendClearanceDeadline',
    tag: TAG,
    summary: 'Record a later clearance deadline approved by the Secretary of State',
    params: appointment,
    body: z.strictObject(extension),
    event: { action: 'appointment.clearance_deadline_extended', data: z.strictObject({ appointmentId, ...extension }) },
    command: (actor, { params, body: data }) => ({ action: 'appointment.clearance_deadline_extended', actor, data: { appointmentId: params.appointmentId, ...data } }),
  }),
  commandRoute({
    method: 'post',
    path: '/roster/appointments/:appointmentId/termination',
    operationId: 'terminateAppointment',
    tag: TAG,
    summary: 'Terminate an appointment',
    params: appointment,
    body: z.strictObject(termination),
    event: { action: 'appointment.terminated', data: z.strictObject({ appointmentId, ...termination }) },
    command: (actor, { params, body: data }) => ({ action: 'appointment.terminated', actor, data: { appointmentId: params.appointmentId, ...data } }),
  }),
];
