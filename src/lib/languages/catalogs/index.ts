/** Every language's vocabulary, by BCP 47 tag (tags.ts); English is the reference the others are checked against. */
import type { CatalogTag } from '../tags.ts';
import type { Vocabulary } from '../vocabulary.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { ko } from './ko.ts';
import { ptBR } from './pt-BR.ts';
import { zhCN } from './zh-CN.ts';
import { zhTW } from './zh-TW.ts';

/** Looked up by any tag a caller has (catalogTag finds the right one); one catalog for each of CATALOG_TAGS, no more. */
export const CATALOGS: Readonly<Record<string, Vocabulary>> = {
  en,
  'zh-CN': zhCN,
  'zh-TW': zhTW,
  ja,
  ko,
  de,
  fr,
  es,
  'pt-BR': ptBR,
} satisfies Record<CatalogTag, Vocabulary>;
