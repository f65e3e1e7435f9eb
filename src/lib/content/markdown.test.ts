import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, markdownToText, QUICK_TOKENS_MATCH, renderMarkdown, throughSanitizer } from './markdown.ts';
import { PATHOLOGICAL_MARKDOWN } from '../../dev/test-helpers.ts';
import { stretched } from '../../dev/work.ts';

describe('renderMarkdown', () => {
  it('keeps plain formatting, links and code', () => {
    const html = renderMarkdown('We **restricted** sign-ups. See [the FAQ](https://example.com/faq) and `code`.');
    expect(html).toBe(
      '<p>We <strong>restricted</strong> sign-ups. See <a href="https://example.com/faq" rel="nofollow noopener">the FAQ</a> and <code>code</code>.</p>',
    );
  });
  it('removes scripts, handlers and javascript: links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href="javascript:alert(2)" onclick="x()">y</a>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|href="javascript|<img/i);
    expect(html).toContain('y');
  });
  it('keeps a javascript: link as a link without its target, as a raw <a> would be', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p><a rel="nofollow noopener">x</a></p>');
  });
  it('drops iframes and forms', () => {
    expect(renderMarkdown('<iframe src="https://evil.example"></iframe><form><input></form>ok')).toBe('ok');
  });
  it('lowers message headings below the update heading', () => {
    expect(renderMarkdown('# Big\n\n### Small')).toBe('<h4>Big</h4>\n<h4>Small</h4>');
  });
  it('writes GFM tables with their alignment as align attributes', () => {
    expect(renderMarkdown('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |')).toBe(
      '<table>\n<thead>\n<tr>\n<th align="left">a</th>\n<th align="center">b</th>\n<th align="right">c</th>\n</tr>\n</thead>\n' +
        '<tbody><tr>\n<td align="left">1</td>\n<td align="center">2</td>\n<td align="right">3</td>\n</tr>\n</tbody></table>',
    );
  });
  it('writes strikethrough as <del>, hard breaks as <br />, loose list items with their paragraphs', () => {
    expect(renderMarkdown('~~gone~~ now  \nnext')).toBe('<p><del>gone</del> now<br />next</p>');
    expect(renderMarkdown('- a\n\n- b')).toBe('<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>');
    expect(renderMarkdown('3. three\n4. four')).toBe('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>');
  });
  it('links URLs, www. addresses and e-mail addresses, as GitHub does, and not bare host names or other schemes', () => {
    expect(renderMarkdown('https://example.com/x?y=1. www.example.com ops@example.com example.com ftp://example.com/ //example.com')).toBe(
      '<p><a href="https://example.com/x?y=1" rel="nofollow noopener">https://example.com/x?y=1</a>. ' +
        '<a href="http://www.example.com" rel="nofollow noopener">www.example.com</a> ' +
        '<a href="mailto:ops@example.com" rel="nofollow noopener">ops@example.com</a> example.com ftp://example.com/ //example.com</p>',
    );
  });
  it('refuses blocks nested past the limit instead of cutting the rest of the message', () => {
    const depth = MAX_NESTING - 2;
    expect(renderMarkdown(`${'> '.repeat(depth - 1)}deep`)).toContain('deep');
    expect(() => renderMarkdown(`${'> '.repeat(depth + 1)}deep`)).toThrow(RangeError);
    expect(() => renderMarkdown(`${'- '.repeat(depth)}deep`)).toThrow(RangeError);
  });
});

describe('markdownToText', () => {
  it('strips markup and keeps the words', () => {
    expect(markdownToText('We **restricted** sign-ups & <b>logins</b>.\n\nNext.')).toBe('We restricted sign-ups & logins. Next.');
  });
});

/**
 * A message without raw HTML skips sanitize-html's pass over its whole HTML (each of its
 * tags still goes through sanitize-html alone). The reference is the whole HTML through
 * sanitize-html, as before: both must give the same bytes, for every message.
 */
describe('the same HTML with and without the whole-HTML sanitizer pass', () => {
  const same = (text: string) => {
    expect(renderMarkdown(text)).toBe(throughSanitizer.renderMarkdown(text));
    expect(markdownToText(text)).toBe(throughSanitizer.markdownToText(text));
  };
  it(
    'for each Markdown file of the demo content and the test fixtures',
    () => {
      const root = join(import.meta.dirname, '../../..');
      const files = ['content', 'tests/fixtures'].flatMap((dir) =>
        readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.md'))
          .map((f) => join(root, dir, f)),
      );
      expect(files.length).toBeGreaterThan(50);
      let own = 0;
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        if (!text.includes('<')) own++;
        try {
          same(text);
        } catch (error) {
          if (error instanceof RangeError) continue;
          throw new Error(`${file}: ${String(error)}`);
        }
      }
      // Files without any `<` cannot hold raw HTML: those took the shorter path.
      expect(own).toBeGreaterThan(30);
    },
    stretched(600_000),
  );
  it('for what every markdown-it rule writes: quotes and entities in text, code and attributes, links of every scheme, images, headings, tables', () => {
    for (const text of [
      'He said "stop" & left: &quot;x&quot; &amp;quot; &#34; &#x22; &lt;b&gt; &nbsp;&copy;&#0;&#x1F600; \\"',
      '`a "quoted" <tag> & code` and\n\n```js "info"\nconst a = "<b>" && b;\n```\n\n    indented "code" <x>\n',
      '[a](https://x.example/p?a=1&b="2" "T \\"q\\" &amp;") [b](javascript:alert(1)) [c]() [d](<>) [e](/rel) [f](//evil.example) [g](mailto:a@b.example) [h](ftp://x.example) [i](data:text/html,x) [j](java&#x09;script:x) [k](JAVASCRIPT:x) [l](#frag "")',
      '![img](x.png "t") ![alt *em* "q"](javascript:x) [![inner](i.png)](https://x.example) <https://auto.example/?q="1"> <a@b.example> www.example.com/x?y="z" ops@example.com',
      '# One "1"\n## Two\n### Three\n#### Four\n##### Five\n###### Six\nSetext\n===\n\nAnd\n---\n\n***\n',
      '| a "1" | b | c |\n|:--|:-:|--:|\n| `|` | **x** | [l](https://y.example) |\n\n> quote "q"\n> - item\n>   1. one\n\n3) three\n4) four\n\n- [ ] task\n- a  \n  b\\\n  c',
      '[ref] and [text][ref] and [missing]\n\n[ref]: https://r.example/"x" "Title & \\"more\\""\n',
      '~~del~~ *em* _em_ **strong** __strong__ ***both*** *a **b** c* \\*not\\* a*b*c 中文*强调*文字 ',
      '',
      '   \n\n  ',
    ])
      same(text);
  });
  it(
    'for 3,000 messages made at random from Markdown pieces (seeded), with and without raw HTML',
    () => {
      const pieces = [
        'word',
        ' ',
        ' ',
        '\n',
        '\n\n',
        '"',
        "'",
        '&',
        '&amp;',
        '&quot;',
        '&#34;',
        '&nbsp;',
        '&bogus;',
        '*',
        '_',
        '**',
        '~~',
        '`',
        '```',
        '\n```\n',
        '[',
        ']',
        '(',
        ')',
        '![',
        '](',
        '](https://e.example/"q")',
        '](javascript:x)',
        '](//h.example)',
        '](mailto:m@e.example "t")',
        '\\',
        '  \n',
        '# ',
        '\n## ',
        '\n### ',
        '\n> ',
        '\n- ',
        '\n1. ',
        '\n7) ',
        '\n    ',
        '\n---\n',
        '\n| a | b |\n|:-|-:|\n| c | d |\n',
        '|',
        ':',
        'https://l.example/x?a=1&b=2',
        'www.w.example',
        'o@p.example',
        'host.example',
        '<https://a.example>',
        '<',
        '>',
        '<b>',
        '</b>',
        '<img src=x onerror=y>',
        '<script>x</script>',
        '<!-- c -->',
        '\n<div>\n',
        '中文',
        'é',
        '\t',
        '\r\n',
        '\u0000',
        '[r]',
        '\n[r]: https://r.example "R"\n',
      ];
      let seed = 24;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      // Every other message without the pieces that hold a `<`: those take the shorter path.
      const withoutTags = pieces.filter((p) => !p.includes('<'));
      let own = 0;
      for (let n = 0; n < 3000; n++) {
        const palette = n % 2 ? pieces : withoutTags;
        let text = '';
        for (let k = 1 + Math.floor(random() * 40); k > 0; k--) text += palette[Math.floor(random() * palette.length)];
        if (!text.includes('<')) own++;
        try {
          same(text);
        } catch (error) {
          throw new Error(`${JSON.stringify(text)}: ${String(error)}`);
        }
      }
      expect(own).toBeGreaterThan(1500);
    },
    stretched(600_000),
  );
  it(
    'for each pathological shape at 20 KB',
    () => {
      for (const shape of PATHOLOGICAL_MARKDOWN) if (shape.keeps !== 'nesting') same(shape.make(20 * 1024));
    },
    stretched(600_000),
  );
  it('and a message with raw HTML is still sanitized whole', () => {
    expect(renderMarkdown('*a* <b onclick="x()">b</b> <script>alert(1)</script>"q"')).toBe('<p><em>a</em> <b>b</b> "q"</p>');
  });
});

/** The text of sanitized HTML, read independently of the renderer: tags removed, the five entities decoded. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string);
const letters = (text: string) => text.replace(/[^a-z]/g, '');

/**
 * What each shape's output keeps, at 64 KB: the size where a quadratic renderer already takes
 * seconds, and far deeper than MAX_NESTING. Speed is not measured here: `npm run bench` renders
 * every shape at 10 KB, 100 KB and 1 MB and fails one whose 1 MB takes over 2 s or more than
 * 20 times its 100 KB (a renderer turned quadratic again).
 */
const SHAPE_BYTES = 64 * 1024;

describe('64 KB of each pathological shape', () => {
  it.each(PATHOLOGICAL_MARKDOWN.map((s) => [s.name, s] as const))(
    '%s',
    (_, shape) => {
      const input = shape.make(SHAPE_BYTES);
      expect(input.length).toBeGreaterThan(60 * 1024);
      if (shape.keeps === 'nesting') {
        expect(() => renderMarkdown(input)).toThrow(RangeError);
        return;
      }
      const html = renderMarkdown(input);
      if (shape.keeps === 'empty') expect(html).toBe('');
      else if (shape.keeps === 'text') expect(textOf(html).replace(/\s+/g, ' ').trim()).toBe(input.replace(/\s+/g, ' ').trim());
      else expect(letters(textOf(html))).toBe(letters(input));
    },
    stretched(60_000),
  );
});

describe('tokens made by assignment', () => {
  it("have exactly the fields of markdown-it's Token (else rendering falls back to markdown-it's own, slower)", () => {
    expect(QUICK_TOKENS_MATCH).toBe(true);
  });
});
