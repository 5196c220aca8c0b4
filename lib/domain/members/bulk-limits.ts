// How many members a bulk action takes, shared by the domain and the console
// table (which sends larger selections in rounds). No server-only code here.

/** Members one bulk request acts on. */
export const MAX_BULK = 500;

/** Members "select all that match" takes at once. */
export const MAX_MATCHING = 50_000;
