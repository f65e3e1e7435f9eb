import { describe, expect, it } from 'vitest';
import { codeLines, splitLanguageBlocks } from './language-blocks.ts';

describe('splitLanguageBlocks', () => {
  it('separates the text outside from each language block, with the block lines', () => {
    const message = [
      '新用户注册暂时受限。',
      '',
      '::: {lang=en}',
      'New registrations are limited.',
      ':::',
      '',
      '::: ja',
      '新規登録を制限しています。',
      ':::',
    ].join('\n');
    const out = splitLanguageBlocks(message, 10, 'a.md', 'update');
    expect(out.problems).toEqual([]);
    expect(out.outside).toBe('新用户注册暂时受限。');
    expect(out.blocks).toEqual([
      { lang: 'en', text: 'New registrations are limited.', line: 12 },
      { lang: 'ja', text: '新規登録を制限しています。', line: 16 },
    ]);
  });

  it('leaves a message without blocks whole', () => {
    expect(splitLanguageBlocks('One line.\n\nTwo.', 1, 'a.md', 'update')).toEqual({
      outside: 'One line.\n\nTwo.',
      blocks: [],
      problems: [],
    });
  });

  it('treats ::: inside a fenced code block as code', () => {
    const message = ['Run:', '```', '::: en', ':::', '```'].join('\n');
    const out = splitLanguageBlocks(message, 1, 'a.md', 'update');
    expect(out.blocks).toEqual([]);
    expect(out.outside).toBe(message);
  });

  it('reports an unclosed, a nested, a stray closing and an empty block at their lines', () => {
    expect(splitLanguageBlocks('a\n::: en\ntext', 5, 'a.md', 'update').problems).toEqual([
      { file: 'a.md', line: 6, field: 'update', message: 'the block for "en" is not closed; add a line ::: after its text' },
    ]);
    expect(splitLanguageBlocks('::: en\nx\n::: {lang="ja"}\ny\n:::', 1, 'a.md', 'body').problems[0]).toEqual({
      file: 'a.md',
      line: 3,
      field: 'body',
      message: 'opens a block for "ja" inside the block for "en" (line 1); close that one with a ::: line first',
    });
    expect(splitLanguageBlocks('x\n:::', 1, 'a.md', 'update').problems[0]?.line).toBe(2);
    expect(splitLanguageBlocks('x\n::: en\n\n:::', 1, 'a.md', 'update').problems).toEqual([
      {
        file: 'a.md',
        line: 2,
        field: 'update',
        message: 'the block for "en" is empty; write the text in that language inside it, or remove the block',
      },
    ]);
  });
});

describe('codeLines', () => {
  it('marks fence lines and what is between them, and needs a closing fence of the same kind and length', () => {
    const isCode = codeLines();
    expect(['text', '````', '```', 'still code', '````', 'text', '~~~', 'x', '~~~'].map(isCode)).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
      true,
      true,
      true,
    ]);
  });
});
