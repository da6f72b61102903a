/** Types of scripts/gen-cli-docs.js (the scripts stay plain JavaScript). */
export declare const CLI_DOCS_PATH: URL;
export declare function renderCliReference(): Promise<string>;
