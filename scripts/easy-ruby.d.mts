// Types of easy-ruby.mjs for the test that checks its output is up to date.
export declare const CATALOG: string;
export declare const OUT: string;
export declare function catalogTexts(po: string): string[];
export declare function readingsOf(texts: readonly string[], rubyOf: (text: string) => readonly { base: string; reading?: string }[]): Record<string, string>;
