// The part of kuromoji 0.1.2 (CommonJS, no types) that furigana.ts uses.
declare module 'kuromoji' {
  export interface IpadicFeatures {
    surface_form: string;
    /** Katakana; absent for unknown words (numbers, latin letters). */
    reading?: string;
  }
  export interface Tokenizer {
    tokenize(text: string): IpadicFeatures[];
  }
  export interface TokenizerBuilder {
    build(callback: (err: Error | null, tokenizer: Tokenizer) => void): void;
  }
  const kuromoji: { builder(option: { dicPath: string }): TokenizerBuilder };
  export default kuromoji;
}
