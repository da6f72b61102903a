/**
 * How a reader names a field of the documents it reads: a top-level field,
 * or a dotted path to a nested one (`spo2_percentage.average`). Checked
 * before it is written into a statement, so no name can say more than that.
 */
export const FIELD_PATH = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
