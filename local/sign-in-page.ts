/**
 * The local stand-in for Cognito's sign-in page: choose the Secretariat or one of the ten RPPOs. It is
 * shown by `GET /local/oauth2/authorize` (the managed login's stand-in, which answers with a code) and
 * by `GET /local/login` (which sets the session cookie at once). Never deployed.
 */
import { rppoSeed } from '#domain/rppos.ts';
import { escapeHtml } from '#web/markdown.ts';

/** Where the page's form posts, and the hidden fields it carries along (`next`, or the OAuth request). */
export interface SignInForm {
  readonly action: string;
  readonly hidden: Readonly<Record<string, string>>;
}

/** The sign-in page, whose form posts the choice (`who`) and the hidden fields to `form.action`. */
export function signInPage(form: SignInForm, problem?: string): string {
  const hidden = Object.entries(form.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
  const options = [
    '<option value="secretariat">IPPC Secretariat</option>',
    ...rppoSeed.map(
      (rppo) => `<option value="rppo:${rppo.code}">${escapeHtml(`${rppo.code} (${rppo.name})`)}</option>`,
    ),
  ].join('\n          ');
  return `<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${problem ? 'Error: ' : ''}Sign in – RPPO input to the IPPC proposal</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/assets/app.css">
</head>
<body>
  <a href="#main" class="skip-link">Skip to main content</a>
  <header class="header"><div class="width header-row"><a href="/" class="header-service">RPPO input to the IPPC proposal</a></div></header>
  <main id="main" class="width main" tabindex="-1">
    <span class="caption">Local sign-in: only on this computer (npm start)</span>
    <h1 class="heading-l">Sign in</h1>
    ${problem ? `<div class="error-summary" role="alert"><h2 class="error-summary-title">There is a problem</h2><p>${escapeHtml(problem)}</p></div>` : ''}
    <p class="body">On AWS people sign in with their own account. Here, choose whom to act as.</p>
    <form method="post" action="${escapeHtml(form.action)}" novalidate>
      ${hidden}
      <div class="form-group">
        <label class="label" for="who">Sign in as</label>
        <select class="select" id="who" name="who">
          ${options}
        </select>
      </div>
      <button type="submit" class="button">Sign in</button>
    </form>
  </main>
</body>
</html>`;
}
