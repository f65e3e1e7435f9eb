/**
 * Front matter: the one place a Markdown file is cut into its `---` block and its body,
 * by gray-matter, keeping the exact text of each part and the lines they start on. The
 * parser reads the YAML from here, the editor rewrites the head from here, and the
 * importers read other tools' files from here.
 */
import matter from 'gray-matter';

export interface FrontMatterSplit {
  /** The YAML between the `---` lines, as written (it may start with the opening line's newline). */
  yaml: string;
  /** The file line the YAML text's first line is on. */
  yamlLine: number;
  /** The whole front matter block, both `---` lines included, exactly as written. */
  head: string;
  /** Everything after the closing `---` line. */
  body: string;
  /** The file line the body starts on. */
  bodyLine: number;
}

/** Why a file has no front matter to split: it is empty, it does not start with `---`, or the block is not closed. */
export type NoFrontMatter = 'empty' | 'missing' | 'unclosed';

export function splitFrontMatter(text: string): { ok: true; split: FrontMatterSplit } | { ok: false; reason: NoFrontMatter } {
  if (!/^---[ \t]*\r?\n/.test(text)) return { ok: false, reason: text.trim() === '' ? 'empty' : 'missing' };
  if (!/\r?\n---[ \t]*(\r?\n|$)/.test(text.slice(3))) return { ok: false, reason: 'unclosed' };
  let yaml = '';
  // The engine only hands the text over; passing options also keeps gray-matter from caching by content.
  const parsed = matter(text, {
    engines: {
      yaml: (s: string) => {
        yaml = s;
        return {};
      },
    },
  });
  const consumed = text.length - parsed.content.length;
  const head = text.slice(0, consumed);
  return {
    ok: true,
    // gray-matter hands over the text after the opening `---`, its newline included.
    split: { yaml, yamlLine: /^\r?\n/.test(yaml) ? 1 : 2, head, body: parsed.content, bodyLine: head.split('\n').length },
  };
}
