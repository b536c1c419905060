// Types of prerequisites.mjs for the tests that import it.
export declare const MISSING_POSTGRES: string;
export declare function findPostgresBinary(name: string, env?: NodeJS.ProcessEnv): string | null;
export declare function missingPrerequisites(env?: NodeJS.ProcessEnv): string[];
