/** The values of `oura types --format` (also offered by `oura completion`). */
export const TYPES_FORMATS = ['table', 'json'] as const;
