/** Types of scripts/spec-path.js (the scripts stay plain JavaScript). */
export declare const LOCAL_SPEC_PATH: string;
export declare function specCandidates(env?: NodeJS.ProcessEnv): string[];
export declare function findSpec(env?: NodeJS.ProcessEnv): string | undefined;
