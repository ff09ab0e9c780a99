/**
 * The web pages' templates (templates/web/): read and compiled once per cold start, in an isolated
 * Handlebars instance with `strict` on, so a page naming a value its model lacks fails loudly in tests
 * rather than rendering a gap. `{{ }}` HTML-escapes; the only raw output is the rendered page body
 * placed in the layout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { type Catalog, type Catalogs, languages, type Translator } from './i18n.ts';

export const DEFAULT_WEB_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/web/', import.meta.url));

const TEMPLATE_SUFFIX = '.hbs';
const ASSET_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface Asset {
  readonly body: string;
  readonly contentType: string;
}

/** What every page's model holds for the layout. */
export interface PageModel {
  readonly i18n: Translator;
  readonly title: string;
  readonly [member: string]: unknown;
}

export interface WebTemplates {
  readonly catalogs: Catalogs;
  /** Renders `pages/<page>.hbs` inside `layout.hbs`. */
  page(page: string, model: PageModel): string;
  asset(name: string): Asset | undefined;
}

function templatesIn(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .filter((file) => file.endsWith(TEMPLATE_SUFFIX))
      .map((file) => [file.slice(0, -TEMPLATE_SUFFIX.length), readFileSync(join(dir, file), 'utf8')]),
  );
}

/** Reads and compiles the templates, catalogs and assets under `dir`. */
export function loadWebTemplates(dir: string = DEFAULT_WEB_TEMPLATES_DIR): WebTemplates {
  const handlebars = Handlebars.create();
  const compile = (source: string) => handlebars.compile(source, { strict: true });

  handlebars.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const root = options.data?.root as PageModel;
    return root.i18n.t(key, options.hash as Record<string, string | number>);
  });
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('not', (a: unknown) => !a);
  handlebars.registerHelper('fieldPartial', (partial: string) => `field-${partial}`);
  for (const [name, source] of templatesIn(join(dir, 'partials'))) {
    handlebars.registerPartial(name, compile(source));
  }
  const layout = compile(readFileSync(join(dir, 'layout.hbs'), 'utf8'));
  const pages = new Map(
    [...templatesIn(join(dir, 'pages'))].map(([name, source]) => [name, compile(source)] as const),
  );

  const catalogs = Object.fromEntries(
    languages.map((lang) => [
      lang,
      JSON.parse(readFileSync(join(dir, 'i18n', `${lang}.json`), 'utf8')) as Catalog,
    ]),
  ) as Record<(typeof languages)[number], Catalog>;

  const assets = new Map<string, Asset>(
    readdirSync(join(dir, 'assets')).flatMap((file) => {
      const type = ASSET_TYPES[file.slice(file.lastIndexOf('.'))];
      return type
        ? [[file, { body: readFileSync(join(dir, 'assets', file), 'utf8'), contentType: type }]]
        : [];
    }),
  );

  return {
    catalogs,
    page(page, model) {
      const template = pages.get(page);
      if (!template) throw new Error(`No web page template ${page}`);
      const body = template(model);
      return layout({ ...model, body });
    },
    asset: (name) => assets.get(name),
  };
}
