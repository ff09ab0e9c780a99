/**
 * The Secretariat's draft sections are Markdown. On a web page they are shown through a small
 * allow-list renderer over marked's lexer: paragraphs, lists, headings, emphasis and code become
 * HTML with every text escaped; links show as their text; raw HTML shows as text. Nothing the
 * author writes can become markup of its own. Pure.
 */
import { lexer, type Token, type Tokens } from 'marked';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

function inline(tokens: readonly Token[] | undefined): string {
  return (tokens ?? [])
    .map((token) => {
      switch (token.type) {
        case 'strong':
          return `<strong>${inline(token.tokens)}</strong>`;
        case 'em':
          return `<em>${inline(token.tokens)}</em>`;
        case 'del':
          return `<del>${inline(token.tokens)}</del>`;
        case 'codespan':
          return `<code>${escapeHtml((token as Tokens.Codespan).text)}</code>`;
        case 'br':
          return '<br>';
        case 'link':
          return inline(token.tokens);
        case 'text':
          return 'tokens' in token && token.tokens ? inline(token.tokens) : escapeHtml(decode(token.text));
        case 'escape':
          return escapeHtml(token.text);
        default:
          return escapeHtml(decode(token.raw));
      }
    })
    .join('');
}

/** marked's lexer already turns `&amp;` in text into entities; undo that before escaping once. */
function decode(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '',
  );
}

function block(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'paragraph':
          return `<p>${inline(token.tokens)}</p>`;
        case 'heading':
          // Inside a section whose title is an h2: its own headings start below.
          return `<p class="draft-heading"><strong>${inline(token.tokens)}</strong></p>`;
        case 'list': {
          const list = token as Tokens.List;
          const tag = list.ordered ? 'ol' : 'ul';
          const items = list.items.map((item) => `<li>${block(item.tokens)}</li>`).join('');
          return `<${tag}>${items}</${tag}>`;
        }
        case 'blockquote':
          return `<blockquote>${block((token as Tokens.Blockquote).tokens)}</blockquote>`;
        case 'text':
          return 'tokens' in token && token.tokens ? inline(token.tokens) : escapeHtml(decode(token.text));
        case 'space':
        case 'hr':
          return '';
        default:
          return `<p>${escapeHtml(token.raw)}</p>`;
      }
    })
    .join('');
}

/** Safe HTML for a Markdown text. */
export function markdownToSafeHtml(markdown: string): string {
  return block(lexer(markdown));
}
