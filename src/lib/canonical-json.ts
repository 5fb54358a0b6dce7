/*
 * Canonical JSON: the same value always gives the same text, whatever the key order of its objects
 * — keys sorted in UTF-16 code-unit order, undefined members left out, JavaScript's number
 * formatting (the rules of RFC 8785, JCS). What a hash of a value must cover: audit entries
 * (src/lib/audit/canonical.ts, hashes kept forever — the output must never change) and the digest
 * of a sync mutation (src/lib/sync/server/push.ts).
 *
 * Hot: a sync push runs it twice per mutation, so it avoids intermediate arrays and builds the path
 * of a value only for an error message.
 */

type Path = { parent: Path | null; key: string | number } | null;

const describe = (root: string, path: Path): string => {
  const parts: string[] = [];
  for (let at = path; at !== null; at = at.parent) {
    parts.unshift(typeof at.key === 'number' ? `[${at.key}]` : `.${at.key}`);
  }
  return root + parts.join('');
};

/** Throws a TypeError naming `root` and the path for what JSON cannot hold as it is (NaN, a Date, undefined…). */
export const canonicalJson = (value: unknown, root = 'value'): string => {
  const keys = new Set<string>();
  check(value, root, null, keys);
  if (keys.has('__proto__')) {
    // JSON.stringify would read an object's *inherited* __proto__ for an object lacking its own.
    return write(value, root, null);
  }
  // The native serializer with every key of every object, sorted, as its property list: it writes
  // each object's keys in that order and skips keys an object lacks or holds undefined — the same
  // text as write() below (a property test holds the two equal), several times faster.
  return JSON.stringify(value, [...keys].sort());
};

/** Validates like write() and gathers every object key. */
const check = (value: unknown, root: string, path: Path, keys: Set<string>): void => {
  if (value === null) {
    return;
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`${describe(root, path)} is not a finite number`);
      }
      return;
    case 'object': {
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index += 1) {
          const item: unknown = value[index];
          if (item === undefined) {
            // JSON.stringify writes null for it; write() refuses it.
            throw new TypeError(`${describe(root, { parent: path, key: index })} is not a JSON value`);
          }
          check(item, root, { parent: path, key: index }, keys);
        }
        return;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw new TypeError(`${describe(root, path)} is not a plain object`);
      }
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const member = record[key];
        if (member !== undefined) {
          keys.add(key);
          check(member, root, { parent: path, key }, keys);
        }
      }
      return;
    }
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      break;
  }
  throw new TypeError(`${describe(root, path)} is not a JSON value`);
};

/** The reference serialization (and the path for `__proto__` keys). */
export const canonicalJsonReference = (value: unknown, root = 'value'): string => write(value, root, null);

const write = (value: unknown, root: string, path: Path): string => {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // NaN and Infinity have no JSON form (JSON.stringify would silently write null).
      if (!Number.isFinite(value)) {
        throw new TypeError(`${describe(root, path)} is not a finite number`);
      }
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let text = '[';
        for (let index = 0; index < value.length; index += 1) {
          text += (index === 0 ? '' : ',') + write(value[index], root, { parent: path, key: index });
        }
        return `${text}]`;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        // A Date or class instance would be stored as whatever its toJSON says, not as hashed here.
        throw new TypeError(`${describe(root, path)} is not a plain object`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let text = '{';
      let first = true;
      for (const key of keys) {
        const member = record[key];
        // jsonb drops undefined members (JSON.stringify does), so a hash must not see them.
        if (member === undefined) {
          continue;
        }
        text += `${first ? '' : ','}${JSON.stringify(key)}:${write(member, root, { parent: path, key })}`;
        first = false;
      }
      return `${text}}`;
    }
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      break;
  }
  // Reachable from untyped callers only; jsonb could not store them as they are.
  throw new TypeError(`${describe(root, path)} is not a JSON value`);
};
