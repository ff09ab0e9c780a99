/** Lambda: the web pages for RPPO focal points and the Secretariat (server-rendered HTML, session cookie). */
import { loadConfig } from '#config/config.ts';
import { environmentDependencies } from '#config/dependencies.ts';
import { type ApiHandler, deployedHandler } from '#http/handler.ts';
import type { HttpResponse } from '#http/responses.ts';
import { createPages, type WebAction, type WebDependencies } from '#web/pages.ts';
import { loadWebTemplates } from '#web/render.ts';
import { withCookies } from '#web/respond.ts';
import { createSessionVerifier } from '#web/session.ts';
import { createSignInActions } from '#web/sign-in.ts';

export type { WebDependencies } from '#web/pages.ts';

const SIGN_OUT_ROUTE = 'POST /sign-out';

export function createWebHandler(deps: WebDependencies): ApiHandler {
  const pages = createPages(deps);
  const { actions } = pages;
  const signIn = createSignInActions({ oauth: deps.web.oauth, sessions: deps.sessions, fetch: deps.fetch });
  const routes: Readonly<Record<string, WebAction>> = {
    'GET /': actions.home,
    'GET /assets/{file}': actions.assets,
    'GET /language/{lang}': actions.language,
    'GET /auth/sign-in': signIn.signIn,
    'GET /auth/callback': signIn.callback,
    [SIGN_OUT_ROUTE]: actions.signOut,
    'GET /calls/new': actions.newCall,
    'POST /calls': actions.createCall,
    'GET /calls/{callId}': actions.board,
    'GET /calls/{callId}/edit': actions.editCall,
    'POST /calls/{callId}/edit': actions.updateCall,
    'GET /calls/{callId}/forms/{rppo}/{form}': actions.showForm,
    'POST /calls/{callId}/forms/{rppo}/{form}': actions.postForm,
    'GET /calls/{callId}/forms/{rppo}/{form}/revisions': actions.revisions,
    'GET /calls/{callId}/forms/{rppo}/{form}/revisions/{version}': actions.revision,
    'POST /calls/{callId}/proposals': actions.assemble,
    'GET /calls/{callId}/proposals/{proposalId}/download': actions.download,
  };
  return async (event, context) => {
    const requestId = context?.awsRequestId ?? event.requestContext?.requestId ?? 'unknown';
    let page: Awaited<ReturnType<typeof pages.contextOf>>;
    try {
      // Signing out ends the session: renewing it first would only cost a call to the token endpoint.
      page = await pages.contextOf(event, requestId, { renewSession: event.routeKey !== SIGN_OUT_ROUTE });
    } catch (error) {
      // The session could not be checked (the key set is unreachable): an error page without one.
      return pages.errorPage(await pages.contextOf(event, requestId, { verifySession: false }), error);
    }
    let response: HttpResponse;
    try {
      const action = routes[event.routeKey];
      if (!action) throw new Error(`No web page for route ${event.routeKey}`);
      response = await action(page);
    } catch (error) {
      response = pages.errorPage(page, error);
    }
    // A renewed session's cookie (or a refused refresh token's deletion) goes with any answer.
    return withCookies(response, page.cookies);
  };
}

/** The dependencies of the deployed web function: the stores, the session check and the templates. */
function webDependencies(): WebDependencies {
  const config = loadConfig();
  if (!config.web) {
    throw new Error('Bad configuration: the web function needs WEB_JWKS_URL, WEB_ISSUER and WEB_AUDIENCE');
  }
  return {
    ...environmentDependencies(),
    sessions: createSessionVerifier(config.web),
    templates: loadWebTemplates(config.webTemplatesDir),
    web: { signInUrl: config.web.signInUrl, oauth: config.web.oauth },
  };
}

export const handler = deployedHandler(() => createWebHandler(webDependencies()));
