/**
 * Markdown: update messages and notice bodies become HTML with `markdown-it`, then pass
 * through `sanitize-html` with a short allow-list, because the content comes from
 * commits and a commit may be hostile. The same HTML goes to the pages and the feeds.
 * (A message without raw HTML has each of its tags sanitized alone instead of its whole
 * HTML parsed again: the same bytes, faster; see sanitizeOwnHtml.)
 *
 * Why markdown-it: a message is rendered by the hook, CI, the build and imports, so a
 * pasted log must not stall them. markdown-it keeps its delimiter and bracket searches
 * bounded, so its time grows linearly with the message (`npm run bench` measures the
 * known pathological shapes, PATHOLOGICAL_MARKDOWN in src/dev/test-helpers.ts, at 10 KB, 100 KB and 1 MB). `marked`
 * and micromark both take quadratic time on unmatched emphasis runs (`*a_` repeated:
 * 30 KB took 7 s and 8 s; see issue 24).
 */
import MarkdownIt, { type Delimiter, type Token } from 'markdown-it';
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
    // Most blocks have no link made by linkify: leave their children as they are.
    const first = children.findIndex((t) => t.type === 'link_open' && t.markup === 'linkify');
    if (first < 0) continue;
    const kept: Token[] = children.slice(0, first);
    for (let i = first; i < children.length; i++) {
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

const InlineState = markdown.inline.State;
const TokenClass = new InlineState('', markdown, {}, []).Token;
/*
 * Tokens. A pathological message makes a token of nearly every character (1 MB of `_*`: a
 * million), and markdown-it's Token constructor sets each field through a defineProperty
 * helper. QuickToken is the same object (same prototype, same fields in the same order) with
 * its fields set by plain assignment; the inline and block states below make their tokens
 * with it, in push() and pushPending() as markdown-it's own (same levels, same delimiter
 * lists, same token metadata).
 */
const QuickToken = function (this: Token, type: string, tag: string, nesting: -1 | 0 | 1) {
  this.map = null;
  this.level = 0;
  this.children = null;
  this.content = '';
  this.markup = '';
  this.info = '';
  this.block = false;
  this.hidden = false;
  this.type = type;
  this.tag = tag;
  this.attrs = null;
  this.nesting = nesting;
  this.meta = null;
} as unknown as new (
  type: string,
  tag: string,
  nesting: -1 | 0 | 1,
) => Token;
QuickToken.prototype = TokenClass.prototype;
/**
 * Whether QuickToken still makes exactly markdown-it's Token. Should markdown-it's Token gain
 * or lose a field, the states below fall back to markdown-it's own Token (slower, never
 * different), and markdown.test.ts fails so the project notices.
 */
export const QUICK_TOKENS_MATCH = Object.keys(new TokenClass('text', '', 0)).join() === Object.keys(new QuickToken('text', '', 0)).join();
const MadeToken = QUICK_TOKENS_MATCH ? QuickToken : TokenClass;
/*
 * Link and image labels. To find where `[label` ends, markdown-it steps over the label one
 * inline token at a time (skipToken) and remembers in `state.cache` where each step starting
 * at a position ended. Nested `[` and `![` make each label search walk up to twice
 * MAX_NESTING remembered steps, so a line of them costs MAX_NESTING × its length in steps:
 * those steps must be cheap. The same search as markdown-it's parseLinkLabel (same steps,
 * same results, same cache), but a remembered step is read in place instead of through a
 * call to skipToken, and the cache is an array rather than an object with number keys.
 * (The inline state below also makes its tokens with QuickToken.)
 */
markdown.inline.State = class extends InlineState {
  override pushPending() {
    const token = new MadeToken('text', '', 0);
    token.content = this.pending;
    token.level = this.pendingLevel;
    this.tokens.push(token);
    this.pending = '';
    return token;
  }
  override push(type: string, tag: string, nesting: -1 | 0 | 1) {
    if (this.pending) this.pushPending();
    const token = new MadeToken(type, tag, nesting);
    let meta: { delimiters: Delimiter[] } | undefined;
    if (nesting < 0) {
      this.level--;
      this.delimiters = this._prev_delimiters.pop()!;
    }
    token.level = this.level;
    if (nesting > 0) {
      this.level++;
      this._prev_delimiters.push(this.delimiters);
      this.delimiters = [];
      meta = { delimiters: this.delimiters };
    }
    this.pendingLevel = this.level;
    this.tokens.push(token);
    this.tokens_meta.push(meta);
    return token;
  }
};
const BlockState = markdown.block.State;
markdown.block.State = class extends BlockState {
  override push(type: string, tag: string, nesting: -1 | 0 | 1) {
    const token = new MadeToken(type, tag, nesting);
    token.block = true;
    if (nesting < 0) this.level--;
    token.level = this.level;
    if (nesting > 0) this.level++;
    this.tokens.push(token);
    return token;
  }
};
markdown.helpers.parseLinkLabel = (state, start, disableNested) => {
  // Only label searches call skipToken, so the cache gets its first entry here: made an
  // array (with any entries it already has) at the first search, not for every text.
  if (!Array.isArray(state.cache)) {
    const cache = new Array<number | undefined>(state.src.length + 1).fill(undefined) as number[];
    for (const [pos, end] of Object.entries(state.cache)) cache[Number(pos)] = end;
    state.cache = cache;
  }
  const { src, posMax: max, cache } = state;
  const oldPos = state.pos;
  let pos = start + 1;
  let level = 1;
  let found = false;
  while (pos < max) {
    const marker = src.charCodeAt(pos);
    if (marker === 0x5d /* ] */ && --level === 0) {
      found = true;
      break;
    }
    const prevPos = pos;
    const remembered = cache[pos];
    if (remembered !== undefined) pos = remembered;
    else {
      state.pos = pos;
      state.md.inline.skipToken(state);
      pos = state.pos;
    }
    if (marker === 0x5b /* [ */) {
      if (prevPos === pos - 1) level++;
      else if (disableNested) {
        state.pos = oldPos;
        return -1;
      }
    }
  }
  state.pos = oldPos;
  return found ? pos : -1;
};

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

/** Markdown to unsanitized HTML, and whether raw HTML from the text is in it; refuses nesting markdown-it would cut short. */
function toHtml(text: string): { html: string; raw: boolean } {
  const tokens = markdown.parse(text, {});
  // markdown-it drops the rest of the text once blocks nest MAX_NESTING deep.
  if (tokens.some((t) => t.level >= MAX_NESTING - 1)) throw new RangeError(`blocks are nested more than ${MAX_NESTING - 2} deep`);
  const raw = tokens.some((t) => t.type === 'html_block' || (t.type === 'inline' && t.children?.some((c) => c.type === 'html_inline')));
  return { html: markdown.renderer.render(tokens, markdown.options, {}), raw };
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

/** Every tag removed: the text of a message. */
const TEXT_ONLY: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };

/**
 * Each distinct tag's sanitized form, per options, kept across messages: an archive's
 * messages share most of their tags (`<p>`, `<strong>`, a status link), and sanitize-html
 * was most of the time a build spent reading them. Started afresh past MAX_SANITIZED_TAGS.
 */
const sanitizedTags = new WeakMap<sanitizeHtml.IOptions, Map<string, string>>();
const MAX_SANITIZED_TAGS = 20_000;

/**
 * sanitize-html's result for HTML that markdown-it wrote on its own (no raw HTML from the
 * text), without parsing the whole of it. In such HTML every `<` starts a tag markdown-it
 * made, whose attribute values have `&<>"` escaped, and every text has exactly `&<>"`
 * escaped. With these options sanitize-html treats each tag alone (none of these options
 * looks at the tags around it), and writes each text decoded and escaped again without `"`.
 * So: each distinct tag goes through sanitize-html itself (once, then from sanitizedTags), `&quot;`
 * in text becomes `"`, and the rest stays. A message with raw HTML goes through
 * sanitize-html whole. markdown.test.ts checks both paths give the same HTML.
 */
function sanitizeOwnHtml(html: string, options: sanitizeHtml.IOptions): string {
  let kept = sanitizedTags.get(options);
  if (!kept || kept.size > MAX_SANITIZED_TAGS) sanitizedTags.set(options, (kept = new Map()));
  const tags = kept;
  const sanitizeTag = (tag: string): string => {
    if (tag.startsWith('</')) {
      // A closing tag: what sanitize-html writes to close an empty element of that name.
      return /<\/[^>]*>$/.exec(sanitizeHtml(`<${tag.slice(2)}${tag}`, options))?.[0] ?? '';
    }
    // An opening tag alone: sanitize-html closes the element at the end of its input; drop that.
    return sanitizeHtml(tag, options).replace(/<\/[^>]*>$/, '');
  };
  return html.replace(/<[^>]*>|&quot;/g, (match) => {
    if (match === '&quot;') return '"';
    let sanitized = tags.get(match);
    if (sanitized === undefined) tags.set(match, (sanitized = sanitizeTag(match)));
    return sanitized;
  });
}

function sanitize(text: string, options: sanitizeHtml.IOptions, whole: boolean): string {
  const { html, raw } = toHtml(text);
  return raw || whole ? sanitizeHtml(html, options) : sanitizeOwnHtml(html, options);
}

const plainText = (sanitized: string) =>
  sanitized
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string)
    .replace(/\s+/g, ' ')
    .trim();

/** Markdown to safe HTML. Throws a RangeError when blocks nest more deeply than MAX_NESTING allows. */
export function renderMarkdown(text: string): string {
  return sanitize(text, SANITIZE, false).trim();
}

/** Markdown to plain text, for places that take no markup (summaries, JSON `body`). */
export function markdownToText(text: string): string {
  return plainText(sanitize(text, TEXT_ONLY, false));
}

/**
 * renderMarkdown and markdownToText with the whole HTML through sanitize-html, as every
 * message was before; for the test that the shorter path gives the same result.
 */
export const throughSanitizer = {
  renderMarkdown: (text: string): string => sanitize(text, SANITIZE, true).trim(),
  markdownToText: (text: string): string => plainText(sanitize(text, TEXT_ONLY, true)),
};

/** Escapes text for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
