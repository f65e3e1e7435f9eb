/**
 * Markdown: update messages and notice bodies become HTML with `markdown-it`, then pass
 * through `sanitize-html` with a short allow-list, because the content comes from
 * commits and a commit may be hostile. The same HTML goes to the pages and the feeds.
 *
 * Why markdown-it: a message is rendered by the hook, CI, the build and imports, so a
 * pasted log must not stall them. markdown-it keeps its delimiter and bracket searches
 * bounded, so its time grows linearly with the message (`npm run bench` measures the
 * known pathological shapes, PATHOLOGICAL_MARKDOWN in src/dev/test-helpers.ts, at 10 KB, 100 KB and 1 MB). `marked`
 * and micromark both take quadratic time on unmatched emphasis runs (`*a_` repeated:
 * 30 KB took 7 s and 8 s; see issue 24).
 */
import MarkdownIt, { type Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** A longer message is refused (parse.ts): a status update is read by people, a log belongs behind a link. */
export const MAX_MESSAGE_BYTES = 100 * 1024;

/**
 * Deeper block nesting than this (quotes in quotes, lists in lists) is refused rather than
 * cut: markdown-it stops reading the rest of a message past its nesting limit.
 */
export const MAX_NESTING = 100;

/** Autolinks as GitHub makes them: with a scheme (http, https, mailto), `www.` or an e-mail address. */
const AUTOLINK_TEXT = /^(?:https?:\/\/|mailto:|www\.)/i;

const markdown = new MarkdownIt('default', { html: true, linkify: true, breaks: false, typographer: false, maxNesting: MAX_NESTING });

// Every link becomes an <a>; the allow-list of schemes is sanitize-html's (SANITIZE), in one place.
markdown.validateLink = () => true;

// linkify-it finds `www.` links only with fuzzyLink, which also links bare host names
// (example.com); it also links `//host` and ftp:. GitHub-flavoured Markdown links none of
// those, so they stay text.
markdown.linkify.set({ fuzzyLink: true, fuzzyIP: false, fuzzyEmail: true });
markdown.core.ruler.after('linkify', 'statusmark-autolinks', (state) => {
  for (const block of state.tokens) {
    const children = block.children;
    if (block.type !== 'inline' || !children) continue;
    const kept: Token[] = [];
    for (let i = 0; i < children.length; i++) {
      const token = children[i]!;
      if (token.type === 'link_open' && token.markup === 'linkify') {
        const text = children[i + 1];
        const href = String(token.attrGet('href') ?? '');
        const close = children[i + 2];
        if (text?.type === 'text' && close?.type === 'link_close' && !AUTOLINK_TEXT.test(text.content) && !href.startsWith('mailto:')) {
          kept.push(text);
          i += 2;
          continue;
        }
      }
      kept.push(token);
    }
    block.children = kept;
  }
});

// Table cell alignment as an `align` attribute (the allow-list has no `style`), and
// strikethrough as <del>, as `marked` and GitHub write both.
for (const cell of ['th_open', 'td_open'] as const) {
  markdown.renderer.rules[cell] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!;
    const style = token.attrGet('style');
    const align = typeof style === 'string' ? /^text-align:(left|center|right)$/.exec(style)?.[1] : undefined;
    if (style !== null) token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    if (align) token.attrSet('align', align);
    return self.renderToken(tokens, idx, options);
  };
}
markdown.renderer.rules['s_open'] = () => '<del>';
markdown.renderer.rules['s_close'] = () => '</del>';
// Line breaks as `marked` wrote them before: <tbody> and <li> right before their content, no
// line break after <br>, so the HTML of existing messages stays byte-identical.
markdown.renderer.rules['tbody_open'] = () => '<tbody>';
markdown.renderer.rules['tbody_close'] = () => '</tbody>';
markdown.renderer.rules['list_item_open'] = () => '<li>';
markdown.renderer.rules['hardbreak'] = () => '<br />';
// marked ended a block of raw HTML that opens with an ordinary tag before its line break
// (one that opens with <script>, <pre>, <style>, <textarea>, <!…> or <?…> kept it).
markdown.renderer.rules['html_block'] = (tokens, idx) => {
  const content = tokens[idx]!.content;
  return /^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)|^ {0,3}<[!?]/i.test(content) ? content : content.replace(/\n$/, '');
};

/** Markdown to unsanitized HTML; refuses nesting markdown-it would cut short. */
function toHtml(text: string): string {
  const tokens = markdown.parse(text, {});
  // markdown-it drops the rest of the text once blocks nest MAX_NESTING deep.
  if (tokens.some((t) => t.level >= MAX_NESTING - 1)) throw new RangeError(`blocks are nested more than ${MAX_NESTING - 2} deep`);
  return markdown.renderer.render(tokens, markdown.options, {});
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h4',
    'h5',
    'h6',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'kbd',
    'sup',
    'sub',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Message headings sit under the update's own heading, so they start at level 4.
  transformTags: {
    h1: 'h4',
    h2: 'h4',
    h3: 'h4',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener' } }),
  },
};

/** Markdown to safe HTML. Throws a RangeError when blocks nest more deeply than MAX_NESTING allows. */
export function renderMarkdown(text: string): string {
  return sanitizeHtml(toHtml(text), SANITIZE).trim();
}

/** Markdown to plain text, for places that take no markup (summaries, JSON `body`). */
export function markdownToText(text: string): string {
  return sanitizeHtml(toHtml(text), { allowedTags: [], allowedAttributes: {} })
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes text for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
