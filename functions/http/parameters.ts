/**
 * The path parameters of the API routes; a value that cannot name a resource gives 404. Each schema
 * is built on first use (see lazy.ts): a function serves a few of these routes.
 */
import * as z from 'zod';
import { formNameSchema } from '#domain/forms.ts';
import { lazy } from '#domain/lazy.ts';
import { rppoCodeSchema } from '#domain/rppos.ts';

const id = () => z.string().regex(/^[0-9a-z]{8,64}$/);

export const callParameters = lazy(() => z.object({ callId: id() }));
export const formParameters = lazy(() =>
  z.object({ callId: id(), rppo: rppoCodeSchema(), form: formNameSchema() }),
);
export const revisionParameters = lazy(() =>
  formParameters().extend({
    version: z
      .string()
      .regex(/^[1-9]\d{0,8}$/)
      .transform(Number),
  }),
);
export const proposalParameters = lazy(() => z.object({ callId: id(), proposalId: id() }));
export const schemaParameters = lazy(() => z.object({ form: formNameSchema() }));
