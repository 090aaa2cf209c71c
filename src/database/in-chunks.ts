/**
 * A list cut into parts of `size`: queries over many ids ask in parts of 500, which keeps each IN list within
 * SQLite's bound-variable limit.
 */
export const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
