/** Types of scripts/gen-error-docs.js (the scripts stay plain JavaScript). */
export declare const ERROR_DOCS_PATH: URL;
export declare function renderErrorCodes(): Promise<string>;
