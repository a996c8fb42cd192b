// Types of extract-readme.mjs (plain JavaScript, so that node runs it where there is no compiler).
export declare const TESTED_SECTIONS: readonly [string, string];

export interface ReadmeExample {
  /** The file name of its first line (`// notion.test.ts`). */
  file: string;
  /** The block's text, with a final newline. */
  source: string;
  /** The heading of its section. */
  section: string;
}

export declare function readmeExamples(readme: string): ReadmeExample[];
