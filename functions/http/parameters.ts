/** The path parameters of the API routes; a value that cannot name a resource gives 404. */
import * as z from 'zod';
import { formNameSchema } from '#domain/forms.ts';
import { rppoCodeSchema } from '#domain/rppos.ts';

const id = z.string().regex(/^[0-9a-z]{8,64}$/);

export const callParameters = z.object({ callId: id });
export const formParameters = z.object({ callId: id, rppo: rppoCodeSchema, form: formNameSchema });
export const revisionParameters = formParameters.extend({
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform(Number),
});
export const proposalParameters = z.object({ callId: id, proposalId: id });
export const schemaParameters = z.object({ form: formNameSchema });
