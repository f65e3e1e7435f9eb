/**
 * Text written in several languages inside one message: an update's message or a
 * notice's body may hold a block per language, as Pandoc's fenced divs mark a language:
 *
 *     新用户注册暂时受限，已注册用户可正常登录。
 *
 *     ::: {lang=en}
 *     New registrations are temporarily limited; existing users can log in as usual.
 *     :::
 *
 * The short opening `::: en` is accepted too. Text outside any block is in the file's
 * language (its `lang:` field, else the site's default). A `:::` line inside a fenced
 * code block is code, not a block.
 */
import type { Problem } from './problems.ts';

/** One language's block: its text, and the line its opening `:::` is on. */
export interface LanguageBlock {
  lang: string;
  text: string;
  line: number;
}

const OPEN =
  /^ {0,3}:{3,}[ \t]*(?:\{[ \t]*lang=(["']?)([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\1[ \t]*\}|([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*))[ \t]*$/;
const CLOSE = /^ {0,3}:{3,}[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Reads lines in order and says which are Markdown code (a fence line, or inside a fenced
 * block), where a heading or a `:::` line means nothing. Shared by the timeline and the
 * language blocks, so both agree on what is code.
 */
export function codeLines(): (text: string) => boolean {
  let fence: string | null = null;
  return (text) => {
    const match = FENCE.exec(text);
    if (!match) return fence !== null;
    const marker = match[1] as string;
    if (fence === null) fence = marker;
    else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    return true;
  };
}

function trimmed(lines: string[]): string {
  return lines
    .join('\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .replace(/(?:\n[ \t]*)+$/, '')
    .replace(/^[ \t]*$/, '');
}

/**
 * Splits a message into the text outside any language block and the blocks.
 * @param firstLine the file line the message starts on, for problems.
 */
export function splitLanguageBlocks(
  message: string,
  firstLine: number,
  file: string,
  field: string,
): { outside: string; blocks: LanguageBlock[]; problems: Problem[] } {
  const outside: string[] = [];
  const blocks: LanguageBlock[] = [];
  const problems: Problem[] = [];
  let open: { lang: string; line: number; lines: string[] } | null = null;
  const isCode = codeLines();
  message.split(/\r?\n/).forEach((text, i) => {
    const line = firstLine + i;
    if (!isCode(text)) {
      const opening = OPEN.exec(text);
      if (opening) {
        if (open) {
          problems.push({
            file,
            line,
            field,
            message: `opens a block for "${opening[2] ?? opening[3]}" inside the block for "${open.lang}" (line ${open.line}); close that one with a ::: line first`,
          });
          return;
        }
        open = { lang: (opening[2] ?? opening[3]) as string, line, lines: [] };
        return;
      }
      if (CLOSE.test(text)) {
        if (!open) {
          problems.push({
            file,
            line,
            field,
            message: 'closes a language block that was not opened; open one with a line such as "::: {lang=en}"',
          });
          return;
        }
        blocks.push({ lang: open.lang, text: trimmed(open.lines), line: open.line });
        open = null;
        return;
      }
    }
    (open ? (open as { lines: string[] }).lines : outside).push(text);
  });
  if (open) {
    const { lang, line } = open as { lang: string; line: number };
    problems.push({ file, line, field, message: `the block for "${lang}" is not closed; add a line ::: after its text` });
  }
  for (const b of blocks) {
    if (b.text === '')
      problems.push({
        file,
        line: b.line,
        field,
        message: `the block for "${b.lang}" is empty; write the text in that language inside it, or remove the block`,
      });
  }
  return { outside: trimmed(outside), blocks, problems };
}
