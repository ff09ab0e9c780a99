/**
 * The web pages: each action reads the request, calls use cases and renders a template. Access rules,
 * versions and validation stay in the use cases and the domain; this module only turns their results
 * and their typed errors into pages (errors next to the fields, a conflict panel, an error page).
 */
import { isDeepStrictEqual } from 'node:util';
import type * as z from 'zod';
import type { WebConfig } from '#config/config.ts';
import type { Dependencies } from '#config/dependencies.ts';
import { type Principal, principalFromClaims, requireSecretariat, requireWrite } from '#domain/access.ts';
import { type Call, createCallSchema, updateCallSchema } from '#domain/calls.ts';
import {
  ConflictError,
  DomainError,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '#domain/errors.ts';
import { issueMessages, toFieldErrors } from '#domain/fields.ts';
import { type FormName, formNames, validateForm } from '#domain/forms.ts';
import { lazy } from '#domain/lazy.ts';
import type { ProposalSummary } from '#domain/proposals.ts';
import type { Actor, Revision, Submission } from '#domain/submissions.ts';
import { errorResponse } from '#http/handler.ts';
import { log } from '#http/log.ts';
import { callParameters, formParameters, proposalParameters, revisionParameters } from '#http/parameters.ts';
import { type ApiEvent, header } from '#http/request.ts';
import type { HttpResponse } from '#http/responses.ts';
import { callStatus, createCall, getCall, listCalls, updateCall } from '#usecases/calls.ts';
import { assembleProposal, getProposal, listProposals } from '#usecases/proposals.ts';
import type { FormRef } from '#usecases/submissions.ts';
import { getRevision, listRevisions, saveDraft } from '#usecases/submissions.ts';
import { type OpenedForm, openForm, rppoOverview, saveAndSubmit } from '#usecases/web-forms.ts';
import { applyAction, formDataFrom, parseAction, parseVersion, readFormBody, single } from './form-data.ts';
import { type Field, formFields, schemaFields } from './form-fields.ts';
import { buildFormView, type FieldView, type ItemView, idOf } from './form-view.ts';
import {
  createTranslator,
  DEFAULT_LANGUAGE,
  isLanguage,
  type Language,
  languages,
  localizeError,
  localizeErrorParts,
  negotiateLanguage,
  type TextPart,
  type Translator,
  textOfParts,
  textPart,
} from './i18n.ts';
import { markdownToSafeHtml } from './markdown.ts';
import { isRefreshToken, logoutUrl } from './oauth.ts';
import type { WebTemplates } from './render.ts';
import { createSessionRenewal, renewalDue } from './renewal.ts';
import { asset, html, redirect, safeLocalPath } from './respond.ts';
import {
  CSRF_FIELD,
  cookie,
  csrfMatches,
  csrfTokenFor,
  LANGUAGE_COOKIE,
  REFRESH_COOKIE,
  readCookies,
  refreshCookies,
  SESSION_COOKIE,
  type SessionVerifier,
} from './session.ts';
import { SignInFailedError } from './sign-in.ts';
import {
  DEFAULT_TIME_ZONE,
  isTimeZone,
  offeredZone,
  otherNameOf,
  timeZoneGroups,
  utcToZoned,
  zonedToUtc,
} from './time-zone.ts';
import { createTokenEndpoint } from './token-endpoint.ts';

export interface WebDependencies extends Dependencies {
  readonly sessions: SessionVerifier;
  readonly templates: WebTemplates;
  readonly web: Pick<WebConfig, 'signInUrl' | 'oauth'>;
  /** Calls the token endpoint. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

interface Session {
  readonly token: string;
  readonly principal: Principal;
  readonly csrf: string;
}

/** What every page knows about its request. */
export interface WebContext {
  readonly event: ApiEvent;
  readonly requestId: string;
  readonly i18n: Translator;
  readonly secure: boolean;
  /** The path and query of this page, to come back to after signing in or changing language. */
  readonly here: string;
  readonly session: Session | undefined;
  /**
   * Set-Cookie values decided while reading the request (a renewed session, a refresh token to
   * forget): the response carries them, whatever the page answers.
   */
  readonly cookies: readonly string[];
}

export type WebAction = (context: WebContext) => Promise<HttpResponse>;

/** Posted with a token that is not this session's. */
class InvalidCsrfTokenError extends ForbiddenError {}

/** A post of typed input without a session: the page asking to sign in again keeps the input. */
class SessionEndedError extends UnauthorizedError {}

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

const formUrl = (ref: FormRef) => `/calls/${ref.callId}/forms/${ref.rppo}/${ref.form}`;
const revisionsUrl = (ref: FormRef) => `${formUrl(ref)}/revisions`;

/** The fields of the call form, from the API's own schema for creating a call (built on first use). */
const callFields = lazy((): readonly Field[] => schemaFields(createCallSchema()));
const CALL_FORM = 'call';

export function createPages(deps: WebDependencies) {
  const { templates } = deps;
  // One translator per language for the life of the function (its Intl formatters are not free).
  const translators = new Map(languages.map((lang) => [lang, createTranslator(templates.catalogs, lang)]));
  // Signing out posts to /sign-out, which redirects to the sign-in server's /logout.
  const formTargets = deps.web.oauth ? [new URL(deps.web.oauth.domain).origin] : [];
  const tokenEndpoint = deps.web.oauth && createTokenEndpoint(deps.web.oauth, deps.fetch);
  const renew = tokenEndpoint && createSessionRenewal({ tokenEndpoint, sessions: deps.sessions });

  /**
   * Reads the language, the session and the scheme of a request. A session that has ended (or is
   * about to) is renewed with the refresh token when the request carries one (`renewSession`).
   */
  async function contextOf(
    event: ApiEvent,
    requestId: string,
    { verifySession = true, renewSession = true } = {},
  ): Promise<WebContext> {
    const cookies = readCookies(event);
    const chosen = cookies.get(LANGUAGE_COOKIE);
    const lang: Language = isLanguage(chosen)
      ? chosen
      : (negotiateLanguage(header(event, 'accept-language')) ?? DEFAULT_LANGUAGE);
    // API Gateway always answers over https; the local server says http.
    const secure = header(event, 'x-forwarded-proto') !== 'http';
    let token = cookies.get(SESSION_COOKIE);
    let claims = token && verifySession ? await deps.sessions.verify(token) : undefined;
    const setCookies: string[] = [];
    const refreshToken = cookies.get(REFRESH_COOKIE);
    // The clock of the token check itself (jose's), not the injected one of the domain.
    if (
      verifySession &&
      renewSession &&
      renew &&
      refreshToken !== undefined &&
      renewalDue(claims, new Date())
    ) {
      const renewal = await renew({ refreshToken, current: claims, secure, requestId });
      setCookies.push(...renewal.cookies);
      if (renewal.kind === 'renewed') ({ token, claims } = renewal);
    }
    const session: Session | undefined =
      token && claims?.sub
        ? { token, principal: principalFromClaims(claims), csrf: csrfTokenFor(token) }
        : undefined;
    const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
    return {
      event,
      requestId,
      i18n: translators.get(lang) ?? createTranslator(templates.catalogs, lang),
      secure,
      here: safeLocalPath(`${event.rawPath}${query}`),
      session,
      cookies: setCookies,
    };
  }

  function principalOf(context: WebContext): Principal {
    if (!context.session)
      throw new UnauthorizedError('Sign in to continue').coded({ code: 'signInToContinue' });
    return context.session.principal;
  }

  /** The principal of a post of typed input; without a session, the error page keeps the input. */
  function principalKeepingInput(context: WebContext): Principal {
    if (!context.session) {
      throw new SessionEndedError('Sign in again to send this form').coded({ code: 'signInAgainToSend' });
    }
    return context.session.principal;
  }

  function layout(context: WebContext, title: string, extra: Record<string, unknown> = {}) {
    const { i18n, session } = context;
    const principal = session?.principal;
    const path = safeLocalPath(context.event.rawPath);
    return {
      i18n,
      title,
      csrf: session?.csrf ?? '',
      focusId: '',
      hasErrors: false,
      user: principal
        ? {
            name: principal.email ?? principal.subject,
            role: principal.secretariat
              ? i18n.t('role.secretariat')
              : i18n.t('role.rppo', { rppo: principal.rppos.join(', ') }),
          }
        : undefined,
      languageLinks: languages.map((code) => ({
        code,
        name: templates.catalogs[code]['language.name'] ?? code,
        href: `/language/${code}?next=${encodeURIComponent(path)}`,
        current: code === i18n.lang,
      })),
      notice: noticeOf(context),
      ...extra,
    };
  }

  /** Success messages after a redirect, named by a query parameter (never text from the URL). */
  function noticeOf(context: WebContext): string | undefined {
    const query = context.event.queryStringParameters ?? {};
    const { i18n } = context;
    switch (query.notice) {
      case 'saved':
        return i18n.t('notice.saved');
      case 'submitted': {
        const form = formNames.find((name) => name === query.form);
        return form ? i18n.t('notice.submitted', { form: i18n.t(`formTitle.${form}`) }) : undefined;
      }
      case 'assembled':
      case 'unchanged':
      case 'callCreated':
      case 'callUpdated':
        return i18n.t(`notice.${query.notice}`);
      default:
        return undefined;
    }
  }

  function page(
    context: WebContext,
    status: number,
    name: string,
    title: string,
    model: Record<string, unknown>,
    headers: Readonly<Record<string, string>> = {},
  ): HttpResponse {
    const body = templates.page(name, { ...layout(context, title), ...model });
    return html(status, body, {
      acceptEncoding: header(context.event, 'accept-encoding'),
      formTargets,
      headers,
    });
  }

  const time = (context: WebContext, iso: string) => ({ iso, text: context.i18n.dateTime(iso) });

  function deadlineNote(context: WebContext, call: Call): string {
    const left = Date.parse(call.deadline) - deps.clock().getTime();
    if (call.status === 'closed') return context.i18n.t('call.closed');
    if (left < 0) return context.i18n.t('call.deadlinePassed');
    const days = Math.floor(left / DAY_MS);
    return days === 0 ? context.i18n.t('call.deadlineToday') : context.i18n.t('call.deadlineIn', { days });
  }

  function statusOf(context: WebContext, submission: Submission | undefined) {
    const state = submission?.status ?? 'missing';
    const note =
      submission?.status === 'draft' && submission.submittedVersion !== undefined
        ? context.i18n.t('status.draftAfterSubmit', { version: submission.submittedVersion })
        : undefined;
    return { state, label: context.i18n.t(`status.${state}`), note };
  }

  function acceptsInput(call: Call): boolean {
    return call.status === 'open' && Date.parse(call.deadline) >= deps.clock().getTime();
  }

  /** Whether a post carries this session's CSRF token. */
  function sentFromSession(context: WebContext, params: URLSearchParams): boolean {
    return context.session !== undefined && csrfMatches(context.session.token, single(params, CSRF_FIELD));
  }

  function requireCsrf(context: WebContext, params: URLSearchParams): void {
    if (!sentFromSession(context, params)) {
      throw new InvalidCsrfTokenError('The form was not sent from this session');
    }
  }

  /**
   * Reads the typed input of a post. One without this session's CSRF token is never saved, but the
   * form shows what it carries again, for the person to check and send (a form opened before they
   * signed in again); one that cannot even be read is refused (403), as any other such post.
   */
  function readInput<T>(sent: boolean, read: () => T): T {
    if (sent) return read();
    try {
      return read();
    } catch {
      throw new InvalidCsrfTokenError('The form was not sent from this session');
    }
  }

  /** The same per-person write quota as the API's write routes (functions/http/write-guards.ts). */
  async function consumeWriteQuota(principal: Principal): Promise<void> {
    const quota = await deps.writeQuota.consume(principal.subject, deps.clock());
    if (!quota.allowed) {
      throw new TooManyRequestsError(
        'Too many changes in a minute; wait a moment and try again',
        quota.retryAfterSeconds,
      ).coded({ code: 'tooManyChanges' });
    }
  }

  function postedForm(context: WebContext): URLSearchParams {
    const { event } = context;
    return readFormBody(event.body, event.isBase64Encoded, header(event, 'content-type'));
  }

  // -------------------------------------------------------------------------------------------------
  // Home: an RPPO's calls, the Secretariat's list of calls

  const home: WebAction = async (context) => {
    const principal = principalOf(context);
    const { i18n } = context;
    const rppoSections = [];
    if (principal.rppos.length > 0) {
      const overview = await rppoOverview(deps, principal);
      for (const { rppo, calls } of overview.calls) {
        const cards = calls.map(({ call, submissions }) => ({
          id: call.id,
          rppo,
          title: call.title,
          deadline: time(context, call.deadline),
          deadlineNote: deadlineNote(context, call),
          open: acceptsInput(call),
          forms: formNames.map((form) => {
            const submission = submissions.find((entry) => entry.form === form);
            return {
              title: i18n.t(`formTitle.${form}`),
              href: formUrl({ callId: call.id, rppo, form }),
              status: statusOf(context, submission),
              updated: submission ? time(context, submission.updatedAt) : undefined,
            };
          }),
        }));
        rppoSections.push({
          code: rppo,
          heading: i18n.t('home.rppoHeading', { rppo }),
          openCalls: cards.filter((card) => card.open),
          closedCalls: cards.filter((card) => !card.open),
        });
      }
    }
    const secretariat = principal.secretariat
      ? {
          calls: (await listCalls(deps, principal)).map((call) => ({
            title: call.title,
            href: `/calls/${call.id}`,
            deadline: time(context, call.deadline),
            state: acceptsInput(call) ? 'submitted' : 'missing',
            stateLabel: acceptsInput(call) ? i18n.t('call.open') : deadlineNote(context, call),
          })),
        }
      : undefined;
    return page(context, 200, 'home', i18n.t('home.title'), {
      hasRole: principal.secretariat || principal.rppos.length > 0,
      rppoSections,
      secretariat,
    });
  };

  // -------------------------------------------------------------------------------------------------
  // A form: edit (focal points of the RPPO, while the call accepts input) or read

  interface FormPageState {
    readonly data: Record<string, unknown>;
    readonly version: number | undefined;
    readonly errors?: readonly FieldError[];
    /** What refused the save as a whole (the call closed, the form too large), above the fields. */
    readonly problem?: DomainError;
    readonly conflict?: { readonly current: Submission | undefined; readonly base: number | undefined };
    readonly banner?: string;
    readonly focusId?: string;
  }

  /**
   * "Draft. Version 3, saved <time> by <who>.": the status line of a saved version, whose time the
   * page's script shows in the reader's zone, as everywhere else.
   */
  function versionParts(
    context: WebContext,
    { status, version }: Pick<Revision, 'status' | 'version'>,
    when: string,
    who: Actor,
  ): TextPart[] {
    const { i18n } = context;
    return [
      textPart(`${i18n.t(`status.${status}`)}. `),
      ...i18n.parts('form.version', { version, who: who.email ?? who.subject }, { when }),
    ];
  }

  function statusParts(context: WebContext, submission: Submission | undefined): TextPart[] {
    const { i18n } = context;
    if (!submission) return [textPart(i18n.t('form.notSaved'))];
    const submitted =
      submission.submittedVersion !== undefined && submission.submittedAt
        ? [
            textPart(' '),
            ...i18n.parts(
              'form.submittedVersion',
              { version: submission.submittedVersion },
              { when: submission.submittedAt },
            ),
          ]
        : [];
    return [...versionParts(context, submission, submission.updatedAt, submission.updatedBy), ...submitted];
  }

  function fieldViews(
    context: WebContext,
    ref: FormRef,
    opened: OpenedForm,
    data: unknown,
    errors: readonly FieldError[],
  ) {
    const { i18n } = context;
    return buildFormView({
      form: ref.form,
      fields: formFields(ref.form).fields,
      data: (data ?? {}) as Record<string, unknown>,
      errors,
      t: i18n,
      memberCountries: opened.rppo.members,
      memberGroupLabel: i18n.t('form.countries.members', { rppo: opened.rppo.code }),
      hiddenPaths: ref.form === 'draft-input' ? ['comments.sectionId'] : [],
    });
  }

  /** draft-input: each section of the draft with its text, and the comments on it beside it. */
  function draftSections(
    context: WebContext,
    call: Call,
    group: FieldView | undefined,
    data: Record<string, unknown>,
  ) {
    const { i18n } = context;
    // With no comment yet, the form's one empty placeholder item belongs to no section: leave it out.
    const saved = Array.isArray(data.comments) && data.comments.length > 0;
    const items: readonly ItemView[] = saved ? (group?.items ?? []) : [];
    const known = new Set(call.draftSections.map((section) => section.id));
    const sections = call.draftSections.map((section) => ({
      id: section.id,
      title: section.title,
      html: markdownToSafeHtml(section.text),
      textLabel: `${i18n.t('draftInput.sectionText')}: ${section.title}`,
      commentsHeading: i18n.t('draftInput.yourComments', { section: section.title }),
      items: items.filter((item) => item.hiddenValues.sectionId === section.id),
      addAction: group?.addAction ? `add:comments@${section.id}` : undefined,
      addLabel: i18n.t('group.draft-input.comments.add'),
    }));
    const orphans = items.filter((item) => !known.has(item.hiddenValues.sectionId ?? ''));
    return orphans.length > 0
      ? [
          ...sections,
          {
            id: 'other',
            title: i18n.t('draftInput.otherSections'),
            html: '',
            textLabel: i18n.t('draftInput.otherSections'),
            commentsHeading: '',
            items: orphans,
            addAction: undefined,
            addLabel: '',
          },
        ]
      : sections;
  }

  function formPage(
    context: WebContext,
    ref: FormRef,
    opened: OpenedForm,
    state: FormPageState,
    status = 200,
  ) {
    const { i18n } = context;
    const { fields, summary: fieldSummary } = fieldViews(
      context,
      ref,
      opened,
      state.data,
      state.errors ?? [],
    );
    const problem = state.problem && localizeErrorParts(i18n, state.problem);
    const summary = problem
      ? [...fieldSummary, { text: textOfParts(problem), parts: problem }]
      : fieldSummary;
    const current = state.conflict?.current;
    // The time of the version in the way, in a <time> element as on every other line that names one.
    const saved: Record<string, string> = current ? { when: current.updatedAt } : {};
    const who = current?.updatedBy.email ?? current?.updatedBy.subject ?? '';
    const conflict = state.conflict
      ? {
          current: current?.version ?? '',
          parts:
            current && state.conflict.base !== undefined
              ? i18n.parts(
                  'conflict.body',
                  { current: current.version, base: state.conflict.base, who },
                  saved,
                )
              : i18n.parts('conflict.bodyNew', { when: '', who }, saved),
          viewHref: formUrl(ref),
          replaceLabel: i18n.t('conflict.replace', { current: current?.version ?? '' }),
        }
      : undefined;
    return page(context, status, 'form', i18n.t(`formTitle.${ref.form}`), {
      hasErrors: summary.length > 0,
      summary,
      focusId: state.focusId ?? '',
      caption: i18n.t('form.caption', { rppo: opened.rppo.code, call: opened.call.title }),
      backHref: '/',
      backLabel: i18n.t('form.back'),
      statusParts: statusParts(context, opened.submission),
      historyHref: opened.submission ? revisionsUrl(ref) : undefined,
      action: formUrl(ref),
      version: state.version ?? '',
      conflict,
      banner: state.banner,
      fields,
      sections:
        ref.form === 'draft-input'
          ? draftSections(
              context,
              opened.call,
              fields.find((field) => field.name === 'comments'),
              state.data,
            )
          : undefined,
    });
  }

  function readOnlyPage(context: WebContext, ref: FormRef, opened: OpenedForm) {
    const { i18n } = context;
    const { fields } = fieldViews(context, ref, opened, opened.submission?.data, []);
    const banner = !opened.writer
      ? i18n.t('form.readOnly', { rppo: opened.rppo.code })
      : i18n.t('form.closed', { reason: deadlineNote(context, opened.call) });
    const secretariat = context.session?.principal.secretariat;
    return page(context, 200, 'submission', i18n.t(`formTitle.${ref.form}`), {
      caption: i18n.t('form.caption', { rppo: opened.rppo.code, call: opened.call.title }),
      backHref: secretariat ? `/calls/${ref.callId}` : '/',
      backLabel: secretariat ? i18n.t('form.backToBoard') : i18n.t('form.back'),
      banner,
      statusParts: statusParts(context, opened.submission),
      historyHref: opened.submission ? revisionsUrl(ref) : undefined,
      fields,
    });
  }

  const showForm: WebAction = async (context) => {
    const principal = principalOf(context);
    const ref = pathParametersOf(context, formParameters());
    const opened = await openForm(deps, principal, ref);
    if (!opened.writer || opened.closedReason) return readOnlyPage(context, ref, opened);
    return formPage(context, ref, opened, {
      data: (opened.submission?.data ?? {}) as Record<string, unknown>,
      version: opened.submission?.version,
    });
  };

  const postForm: WebAction = async (context) => {
    const principal = principalKeepingInput(context);
    const ref = pathParametersOf(context, formParameters());
    const params = postedForm(context);
    const sent = sentFromSession(context, params);
    const { fields } = formFields(ref.form);
    const { data, action, base } = readInput(sent, () => ({
      data: formDataFrom(fields, params),
      action: parseAction(params, fields),
      base: parseVersion(single(params, 'version')),
    }));
    const opened = await openForm(deps, principal, ref);
    requireWrite(principal, ref.rppo);
    if (!sent) {
      const banner = context.i18n.t('form.sentFromEarlierSession');
      return formPage(context, ref, opened, { data, version: base, banner }, 403);
    }

    if (action.type === 'add' || action.type === 'remove') {
      const changed = applyAction(data, action);
      let focusId: string | undefined;
      if (action.type === 'add') {
        const list = action.path
          .split('.')
          .reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], changed);
        const index = Array.isArray(list) ? list.length - 1 : 0;
        const group = formGroupFields(ref.form, action.path);
        const first = group?.find((field) => field.key !== 'sectionId');
        focusId = first ? idOf(`${action.path}.${index}.${first.key}`) : undefined;
      }
      return formPage(context, ref, opened, {
        data: changed,
        version: base,
        banner: context.i18n.t('form.unsavedChanges'),
        focusId,
      });
    }

    await consumeWriteQuota(principal);
    try {
      if (action.type === 'submit') {
        const outcome = await saveAndSubmit(deps, principal, ref, data, base);
        if (outcome.outcome === 'submitted') return redirect(`/?notice=submitted&form=${ref.form}`);
        return formPage(
          context,
          ref,
          { ...opened, submission: outcome.saved },
          {
            data,
            version: outcome.saved.version,
            errors: outcome.error.errors,
            banner: context.i18n.t('form.savedButIncomplete', { version: outcome.saved.version }),
          },
          422,
        );
      }
      const version = action.type === 'replace' ? action.version : base;
      await saveDraft(deps, principal, ref, data, version);
      return redirect(`${formUrl(ref)}?notice=saved`);
    } catch (error) {
      if (error instanceof ValidationError) {
        return formPage(context, ref, opened, { data, version: base, errors: error.errors }, 400);
      }
      if (error instanceof PreconditionFailedError || error instanceof PreconditionRequiredError) {
        const current = await deps.submissions.find(ref.callId, ref.rppo, ref.form);
        // A second click on a slow connection: the version in the way is this very save, by this person.
        if (current && sameSave(current, principal, ref.form, data, opened.call, action.type)) {
          return redirect(
            current.status === 'submitted'
              ? `/?notice=submitted&form=${ref.form}`
              : `${formUrl(ref)}?notice=saved`,
          );
        }
        return formPage(
          context,
          ref,
          { ...opened, submission: current },
          { data, version: base, conflict: { current, base } },
          409,
        );
      }
      if (error instanceof ConflictError || error instanceof PayloadTooLargeError) {
        return formPage(context, ref, opened, { data, version: base, problem: error }, error.status);
      }
      throw error;
    }
  };

  // -------------------------------------------------------------------------------------------------
  // A form's history: every saved version, newest first, and each version read-only

  const revisions: WebAction = async (context) => {
    const principal = principalOf(context);
    const { i18n } = context;
    const ref = pathParametersOf(context, formParameters());
    const [opened, saved] = await Promise.all([
      openForm(deps, principal, ref),
      listRevisions(deps, principal, ref),
    ]);
    const title = i18n.t('history.title', { form: i18n.t(`formTitle.${ref.form}`) });
    return page(context, 200, 'revisions', title, {
      caption: i18n.t('form.caption', { rppo: opened.rppo.code, call: opened.call.title }),
      backHref: formUrl(ref),
      backLabel: i18n.t('history.backToForm'),
      rows: saved
        .toSorted((a, b) => b.version - a.version)
        .map((revision) => ({
          version: revision.version,
          status: { state: revision.status, label: i18n.t(`status.${revision.status}`) },
          who: revision.createdBy.email ?? revision.createdBy.subject,
          saved: time(context, revision.createdAt),
          href: `${revisionsUrl(ref)}/${revision.version}`,
          viewLabel: i18n.t('history.viewVersion', { version: revision.version }),
        })),
    });
  };

  const revision: WebAction = async (context) => {
    const principal = principalOf(context);
    const { i18n } = context;
    const { version, ...ref } = pathParametersOf(context, revisionParameters());
    const [opened, shown] = await Promise.all([
      openForm(deps, principal, ref),
      getRevision(deps, principal, ref, version),
    ]);
    const { fields } = fieldViews(context, ref, opened, shown.data, []);
    const title = i18n.t('history.versionTitle', { form: i18n.t(`formTitle.${ref.form}`), version });
    return page(context, 200, 'submission', title, {
      caption: i18n.t('form.caption', { rppo: opened.rppo.code, call: opened.call.title }),
      backHref: revisionsUrl(ref),
      backLabel: i18n.t('history.back'),
      banner: i18n.t('history.versionBanner', { version, latest: opened.submission?.version ?? version }),
      statusParts: versionParts(context, shown, shown.createdAt, shown.createdBy),
      historyHref: undefined,
      fields,
    });
  };

  // -------------------------------------------------------------------------------------------------
  // The Secretariat's completeness board and proposals

  function changesBetween(
    context: WebContext,
    before: ProposalSummary | undefined,
    after: ProposalSummary,
  ): string {
    const { i18n } = context;
    if (!before) return i18n.t('board.firstVersion');
    const included = (summary: ProposalSummary) =>
      new Set(summary.regions.filter((region) => region.status === 'included').map((region) => region.rppo));
    const previously = included(before);
    const added = [...included(after)].filter((rppo) => !previously.has(rppo));
    const activities = (summary: ProposalSummary) =>
      summary.regions.reduce((total, region) => total + region.activities, 0);
    const changes = [
      ...(added.length > 0 ? [i18n.t('board.changeNewRegions', { regions: added.join(', ') })] : []),
      ...(activities(before) !== activities(after)
        ? [i18n.t('board.changeActivities', { before: activities(before), after: activities(after) })]
        : []),
      ...(before.totalBudgetUsd !== after.totalBudgetUsd
        ? [
            i18n.t('board.changeBudget', {
              before: i18n.number(before.totalBudgetUsd),
              after: i18n.number(after.totalBudgetUsd),
            }),
          ]
        : []),
    ];
    return changes.length > 0 ? changes.join('; ') : i18n.t('board.changeOther');
  }

  const board: WebAction = async (context) => {
    const principal = principalOf(context);
    const { i18n } = context;
    const { callId } = pathParametersOf(context, callParameters());
    const [status, proposals, call] = await Promise.all([
      callStatus(deps, principal, callId),
      listProposals(deps, principal, callId),
      deps.calls.get(callId),
    ]);
    let submitted = 0;
    let drafts = 0;
    const rows = status.rppos.map((row) => ({
      code: row.rppo,
      name: row.name,
      cells: formNames.map((form) => {
        const cell = row.forms[form];
        if (cell?.state === 'submitted') submitted++;
        if (cell?.state === 'draft') drafts++;
        const state = cell?.state ?? 'missing';
        return {
          status: {
            state,
            label: i18n.t(`status.${state}`),
          },
          updated: cell?.updatedAt ? time(context, cell.updatedAt) : undefined,
          href: state === 'missing' ? undefined : formUrl({ callId, rppo: row.rppo, form }),
          linkContext: `${row.rppo}: ${i18n.t(`formShort.${form}`)}`,
        };
      }),
    }));
    return page(context, 200, 'board', call.title, {
      deadline: time(context, call.deadline),
      callState: acceptsInput(call) ? 'submitted' : 'missing',
      callStateLabel: acceptsInput(call) ? i18n.t('call.open') : deadlineNote(context, call),
      editHref: `/calls/${callId}/edit`,
      counts: i18n.t('board.summary', { submitted, total: rows.length * formNames.length, drafts }),
      columns: formNames.map((form) => i18n.t(`formShort.${form}`)),
      rows,
      assembleAction: `/calls/${callId}/proposals`,
      proposals: proposals.map((proposal, index) => {
        const included = proposal.summary.regions.filter((region) => region.status === 'included');
        return {
          assembled: time(context, proposal.createdAt),
          regions: `${i18n.t('board.regionsCount', {
            included: included.length,
            total: proposal.summary.regions.length,
          })}${included.length > 0 ? ` (${included.map((region) => region.rppo).join(', ')})` : ''}`,
          budget: i18n.number(proposal.summary.totalBudgetUsd),
          size: i18n.t('board.sizeKb', { size: i18n.number(Math.max(1, Math.round(proposal.bytes / 1024))) }),
          changes: changesBetween(context, proposals[index + 1]?.summary, proposal.summary),
          downloadHref: `/calls/${callId}/proposals/${proposal.id}/download`,
          downloadParts: i18n.parts('board.downloadLabel', {}, { when: proposal.createdAt }),
        };
      }),
    });
  };

  const assemble: WebAction = async (context) => {
    const principal = principalOf(context);
    const { callId } = pathParametersOf(context, callParameters());
    requireCsrf(context, postedForm(context));
    await consumeWriteQuota(principal);
    const { created } = await assembleProposal(deps, principal, callId);
    return redirect(`/calls/${callId}?notice=${created ? 'assembled' : 'unchanged'}#proposals`);
  };

  const download: WebAction = async (context) => {
    const principal = principalOf(context);
    const { callId, proposalId } = pathParametersOf(context, proposalParameters());
    const proposal = await getProposal(deps, principal, callId, proposalId);
    // A fresh 15-minute link on every click: a link copied from the page never outlives its purpose.
    return redirect(proposal.downloadUrl, { status: 302 });
  };

  // -------------------------------------------------------------------------------------------------
  // Language, sign-out, assets

  const language: WebAction = async (context) => {
    const lang = context.event.pathParameters?.lang;
    if (!isLanguage(lang)) throw new NotFoundError(`No language ${lang}`);
    const next = safeLocalPath(context.event.queryStringParameters?.next);
    return redirect(next, {
      cookies: [cookie(LANGUAGE_COOKIE, lang, { secure: context.secure, maxAge: ONE_YEAR_SECONDS })],
    });
  };

  const signOut: WebAction = async (context) => {
    if (context.session) requireCsrf(context, postedForm(context));
    // The refresh token ends at the authorization server too: a copy of it could renew sessions
    // for 30 days. Signing out goes on if that fails; the cookies go either way.
    const refreshToken = readCookies(context.event).get(REFRESH_COOKIE);
    if (tokenEndpoint && isRefreshToken(refreshToken) && !(await tokenEndpoint.revoke(refreshToken))) {
      log('warn', { requestId: context.requestId, message: 'refresh token not revoked at sign-out' });
    }
    // With the managed login, its own session ends too; it then sends the browser to the site's root.
    const { oauth } = deps.web;
    return redirect(oauth ? logoutUrl(oauth) : (deps.web.signInUrl ?? '/'), {
      cookies: [
        cookie(SESSION_COOKIE, '', { secure: context.secure, maxAge: 0 }),
        ...refreshCookies('', context.secure, 0),
      ],
    });
  };

  const assets: WebAction = async (context) => {
    const name = context.event.pathParameters?.file ?? '';
    const found = /^[\w-]+\.\w+$/.test(name) ? templates.asset(name) : undefined;
    if (!found) throw new NotFoundError(`No asset ${name}`);
    return asset(found.body, found.contentType, {
      acceptEncoding: header(context.event, 'accept-encoding'),
    });
  };

  // -------------------------------------------------------------------------------------------------
  // The Secretariat opens and edits calls

  interface CallFormState {
    readonly data: Record<string, unknown>;
    /** The version the form was opened at. @default - the call's current version */
    readonly version?: number;
    readonly errors?: readonly FieldError[];
    readonly focusId?: string;
    /** A notice above the form; parts where it names a time (see `Translator.parts`). */
    readonly banner?: string | readonly TextPart[];
    /** The zone the deadline was typed in. @default - UTC, or the reader's where the script knows it */
    readonly zone?: string;
  }

  /** The deadline's input in the chosen zone, with the zone select beside it. */
  function withZone(
    context: WebContext,
    field: FieldView,
    deadline: unknown,
    zone: string | undefined,
  ): FieldView {
    const shown = zone !== undefined && isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
    // A zone posted under another name (Asia/Kolkata for the listed Asia/Calcutta) selects the
    // listed one; a name that is no zone stays in view, first, as it was sent.
    const chosen = offeredZone(zone ?? DEFAULT_TIME_ZONE) ?? zone ?? DEFAULT_TIME_ZONE;
    const groups = timeZoneGroups();
    const listed = groups.some((group) => group.zones.includes(chosen));
    const instant = typeof deadline === 'string' && /Z$/.test(deadline) ? deadline : undefined;
    return {
      ...field,
      value: (instant && utcToZoned(instant, shown)) ?? field.value,
      zone: {
        id: `${field.id}-zone`,
        name: `${field.name}Zone`,
        label: context.i18n.t('callForm.timeZoneLabel'),
        groups: groups.map(({ area, zones }, index) => ({
          label: context.i18n.t(`timeZone.area.${area}`),
          options: (index === 0 && !listed ? [chosen, ...zones] : zones).map((value) => ({
            value,
            selected: value === chosen,
            aliases: otherNameOf(value),
          })),
        })),
        isDefault: zone === undefined,
        ...(instant ? { instant } : {}),
      },
    };
  }

  function callFormPage(
    context: WebContext,
    call: Call | undefined,
    state: CallFormState,
    status = 200,
  ): HttpResponse {
    const { i18n } = context;
    const { fields, summary } = buildFormView({
      form: CALL_FORM,
      fields: callFields(),
      data: state.data,
      errors: (state.errors ?? []).filter((error) => error.path !== 'status'),
      t: i18n,
    });
    const zonedFields = fields.map((field) =>
      field.name === 'deadline' ? withZone(context, field, state.data.deadline, state.zone) : field,
    );
    const chosenStatus = String(state.data.status ?? call?.status ?? 'open');
    const statusFieldError = state.errors?.find((error) => error.path === 'status');
    const statusError = statusFieldError ? localizeError(i18n, statusFieldError) : undefined;
    const statusField: FieldView | undefined = call
      ? {
          partial: 'radios',
          id: 'f-status',
          name: 'status',
          label: i18n.t('callForm.statusLabel'),
          optional: false,
          ...(statusError
            ? { error: statusError, errorId: 'f-status-error', describedBy: 'f-status-error' }
            : {}),
          options: (['open', 'closed'] as const).map((value, index) => ({
            id: index === 0 ? 'f-status' : 'f-status-1',
            value,
            label: i18n.t(value === 'open' ? 'callForm.statusOpen' : 'callForm.statusClosed'),
            selected: chosenStatus === value,
          })),
        }
      : undefined;
    const allSummary = [
      ...summary,
      ...(statusError
        ? [
            {
              href: '#f-status',
              text: `${i18n.t('callForm.statusLabel')}${i18n.t('form.labelSeparator')}${statusError}`,
            },
          ]
        : []),
    ];
    return page(context, status, 'call-form', i18n.t(call ? 'callForm.editTitle' : 'callForm.newTitle'), {
      hasErrors: allSummary.length > 0,
      summary: allSummary,
      focusId: state.focusId ?? '',
      bannerParts: typeof state.banner === 'string' ? [textPart(state.banner)] : state.banner,
      backHref: call ? `/calls/${call.id}` : '/',
      backLabel: call ? i18n.t('form.backToBoard') : i18n.t('form.back'),
      caption: call?.title ?? '',
      action: call ? `/calls/${call.id}/edit` : '/calls',
      version: state.version ?? call?.version ?? '',
      fields: statusField ? [...zonedFields, statusField] : zonedFields,
      submitLabel: i18n.t(call ? 'callForm.save' : 'callForm.create'),
    });
  }

  /** What the call form shows of a saved call. */
  function callData(call: Call): Record<string, unknown> {
    const saved = call as unknown as Record<string, unknown>;
    return {
      ...Object.fromEntries(callFields().map((field) => [field.key, saved[field.key]])),
      status: call.status,
    };
  }

  /**
   * Reads a posted call form: the data (the deadline as the UTC instant it means in the chosen
   * zone), the zone and its error, what the button asked for, and whether this session sent it.
   */
  function postedCall(context: WebContext) {
    const params = postedForm(context);
    const sent = sentFromSession(context, params);
    return readInput(sent, () => {
      const fields = formDataFrom(callFields(), params);
      const status = single(params, 'status');
      const typedZone = single(params, 'deadlineZone');
      const zone = typedZone === undefined || typedZone === '' ? undefined : typedZone;
      const zoneErrors: FieldError[] =
        zone === undefined || isTimeZone(zone)
          ? []
          : [{ path: 'deadline', message: 'Unknown time zone', code: 'timeZone' }];
      // An unknown zone is the only error then: the date-time is read in UTC to check it, not saved.
      const typedDeadline = single(params, 'deadline')?.trim() ?? '';
      const readIn = zoneErrors.length > 0 ? DEFAULT_TIME_ZONE : (zone ?? DEFAULT_TIME_ZONE);
      const deadline =
        typedDeadline === '' ? undefined : (zonedToUtc(typedDeadline, readIn) ?? typedDeadline);
      const { deadline: _utc, ...others } = fields;
      const data = deadline === undefined ? others : { ...others, deadline };
      return {
        sent,
        data: status === undefined || status === '' ? data : { ...data, status },
        zone,
        zoneErrors,
        action: parseAction(params, callFields()),
        version: parseVersion(single(params, 'version')),
      };
    });
  }

  /** A patch from the edit page: an optional field left empty clears what was saved. */
  function callPatch(data: Record<string, unknown>): Record<string, unknown> {
    const cleared = callFields()
      .filter((field) => !field.required && field.kind !== 'group' && !(field.key in data))
      .map((field) => [field.key, null]);
    return { ...Object.fromEntries(cleared), ...data };
  }

  /** Adding or removing a draft section re-shows the form with the change, unsaved. */
  function callGroupChange(
    context: WebContext,
    call: Call | undefined,
    data: Record<string, unknown>,
    zone: string | undefined,
    action: ReturnType<typeof parseAction>,
  ) {
    const changed = applyAction(data, action);
    const sections = Array.isArray(changed.draftSections) ? changed.draftSections.length : 0;
    return callFormPage(context, call, {
      data: changed,
      zone,
      banner: context.i18n.t('form.unsavedChanges'),
      focusId: action.type === 'add' ? idOf(`draftSections.${sections - 1}.id`) : undefined,
    });
  }

  const newCall: WebAction = async (context) => {
    requireSecretariat(principalOf(context));
    return callFormPage(context, undefined, { data: {} });
  };

  const createCallPage: WebAction = async (context) => {
    const principal = principalKeepingInput(context);
    requireSecretariat(principal);
    const { sent, data, zone, zoneErrors, action } = postedCall(context);
    if (!sent) {
      const banner = context.i18n.t('form.sentFromEarlierSession');
      return callFormPage(context, undefined, { data, zone, banner }, 403);
    }
    if (action.type === 'add' || action.type === 'remove')
      return callGroupChange(context, undefined, data, zone, action);
    const parsed = createCallSchema().safeParse(data, { error: issueMessages });
    if (!parsed.success || zoneErrors.length > 0) {
      const errors = [...zoneErrors, ...(parsed.success ? [] : toFieldErrors(parsed.error.issues))];
      return callFormPage(context, undefined, { data, zone, errors }, 400);
    }
    await consumeWriteQuota(principal);
    try {
      const call = await createCall(deps, principal, parsed.data);
      return redirect(`/calls/${call.id}?notice=callCreated`);
    } catch (error) {
      if (error instanceof ValidationError)
        return callFormPage(context, undefined, { data, zone, errors: error.errors }, 400);
      throw error;
    }
  };

  const editCall: WebAction = async (context) => {
    const principal = principalOf(context);
    requireSecretariat(principal);
    const { callId } = pathParametersOf(context, callParameters());
    const call = await getCall(deps, principal, callId);
    return callFormPage(context, call, { data: callData(call) });
  };

  const updateCallPage: WebAction = async (context) => {
    const principal = principalKeepingInput(context);
    requireSecretariat(principal);
    const { callId } = pathParametersOf(context, callParameters());
    const { sent, data, zone, zoneErrors, action, version } = postedCall(context);
    const call = await getCall(deps, principal, callId);
    if (!sent) {
      const banner = context.i18n.t('form.sentFromEarlierSession');
      return callFormPage(context, call, { data, zone, version, banner }, 403);
    }
    if (action.type === 'add' || action.type === 'remove')
      return callGroupChange(context, call, data, zone, action);
    // The edit page posts every field: one left empty is cleared if optional, refused if required.
    const { status: _status, ...fields } = data;
    const complete = createCallSchema().safeParse(fields, { error: issueMessages });
    const parsed = updateCallSchema().safeParse(callPatch(data), { error: issueMessages });
    if (!complete.success || !parsed.success || zoneErrors.length > 0) {
      const issues = [
        ...(complete.success ? [] : complete.error.issues),
        ...(parsed.success ? [] : parsed.error.issues),
      ];
      const errors = [...zoneErrors, ...uniqueErrors(toFieldErrors(issues))];
      return callFormPage(context, call, { data, zone, errors }, 400);
    }
    await consumeWriteQuota(principal);
    try {
      await updateCall(deps, principal, callId, parsed.data, version);
      return redirect(`/calls/${callId}?notice=callUpdated`);
    } catch (error) {
      if (error instanceof ValidationError)
        return callFormPage(context, call, { data, zone, errors: error.errors }, 400);
      if (error instanceof PreconditionFailedError) {
        // Someone changed the call meanwhile: show theirs, keep ours in view in the banner's advice.
        const current = await getCall(deps, principal, callId);
        return callFormPage(
          context,
          current,
          {
            data,
            banner: context.i18n.parts('callForm.conflict', {}, { when: current.updatedAt }),
          },
          409,
        );
      }
      throw error;
    }
  };

  // -------------------------------------------------------------------------------------------------
  // Errors

  /**
   * The answer to a post of typed input without a session (it ended and could not be renewed): a
   * page that asks to sign in again in another tab and holds what was posted, to send it again from
   * here. Undefined when there is no sign-in page to offer or the post cannot be read.
   */
  function sessionEndedPage(context: WebContext): HttpResponse | undefined {
    const { signInUrl } = deps.web;
    if (!signInUrl) return undefined;
    let params: URLSearchParams;
    try {
      params = postedForm(context);
    } catch {
      return undefined;
    }
    // The posted CSRF token goes along: if the same sign-in comes back (the token endpoint was only
    // unreachable), sending again saves at once; after a new sign-in the form shows it all to check.
    return page(context, 401, 'session-ended', context.i18n.t('sessionEnded.title'), {
      action: safeLocalPath(context.event.rawPath),
      fields: [...params].map(([name, value]) => ({ name, value })),
      signInHref: `${signInUrl}?next=${encodeURIComponent('/')}`,
    });
  }

  function errorPage(context: WebContext, error: unknown): HttpResponse {
    const { i18n } = context;
    if (error instanceof SessionEndedError) {
      const kept = sessionEndedPage(context);
      if (kept) return kept;
    }
    if (
      error instanceof UnauthorizedError &&
      context.event.requestContext.http?.method === 'GET' &&
      deps.web.signInUrl
    ) {
      return redirect(`${deps.web.signInUrl}?next=${encodeURIComponent(context.here)}`);
    }
    // The API's error mapping decides the status and logs what is unexpected, with the request id.
    const mapped = errorResponse(error, context.requestId);
    const status = mapped.statusCode ?? 500;
    // When to try again (too many changes, storage busy): the page says it to the browser as the API does.
    const retryAfter = mapped.headers?.['Retry-After'];
    const text = (key: string, parameters?: Record<string, string>) => {
      const value = i18n.t(key, parameters);
      return value === key ? undefined : value;
    };
    const signInFailed = error instanceof SignInFailedError;
    const serverKind = status === 503 ? '503' : '500';
    const kind = signInFailed ? 'signInFailed' : status >= 500 ? serverKind : String(status);
    const csrf = error instanceof InvalidCsrfTokenError;
    const title = text(`error.${kind}.title`) ?? text('error.400.title') ?? kind;
    // Domain errors name what went wrong (in the reader's language where the error has a code, else
    // in English); a server fault's never reaches the page, and one that says the title again is left out.
    const detail =
      error instanceof DomainError && status < 500 && !csrf ? localizeErrorParts(i18n, error) : undefined;
    return page(
      context,
      status,
      'error',
      title,
      {
        body: csrf
          ? i18n.t('error.csrf')
          : (text(`error.${kind}.body`, { requestId: context.requestId }) ?? ''),
        detail: detail && textOfParts(detail) !== title ? detail : undefined,
        signInHref:
          status === 401 && deps.web.signInUrl
            ? `${deps.web.signInUrl}?next=${encodeURIComponent(context.here)}`
            : signInFailed
              ? deps.web.signInUrl
              : undefined,
      },
      retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
    );
  }

  return {
    contextOf,
    errorPage,
    actions: {
      home,
      showForm,
      postForm,
      revisions,
      revision,
      board,
      assemble,
      download,
      language,
      signOut,
      assets,
      newCall,
      createCall: createCallPage,
      editCall,
      updateCall: updateCallPage,
    },
  };
}

/** Errors without repeats (a field both schemas refuse is named once). */
function uniqueErrors(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether the stored version is exactly what this person just asked to save (or submit). */
function sameSave(
  current: Submission,
  principal: Principal,
  form: FormName,
  data: unknown,
  call: Call,
  action: string,
): boolean {
  if (current.updatedBy.subject !== principal.subject) return false;
  if ((action === 'submit') !== (current.status === 'submitted')) return false;
  try {
    return isDeepStrictEqual(validateForm(form, 'draft', data, call), current.data);
  } catch {
    return false;
  }
}

function formGroupFields(form: FormName, path: string) {
  let fields = formFields(form).fields;
  for (const segment of path.split('.').filter((part) => !/^\d+$/.test(part))) {
    const field = fields.find((candidate) => candidate.key === segment);
    if (field?.kind !== 'group') return undefined;
    fields = field.fields;
  }
  return fields;
}

/** Path parameters; a value that cannot name a resource is a page that does not exist (404). */
function pathParametersOf<T extends z.ZodType>(context: WebContext, schema: T): z.output<T> {
  const result = schema.safeParse(context.event.pathParameters ?? {});
  if (!result.success) throw new NotFoundError('No such page').coded({ code: 'noSuchPage' });
  return result.data;
}

export type Pages = ReturnType<typeof createPages>;
