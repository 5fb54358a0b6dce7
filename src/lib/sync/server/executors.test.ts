import { describe, expect, it } from 'vitest';
import { MUTATIONS } from '../mutations/registry';
import { ZMutationName } from '../protocol/push';
import { EXECUTORS } from './executors';

describe('mutation declarations and executors', () => {
  it('pair up one to one: every declared mutation runs on the server, and nothing runs undeclared', () => {
    expect([...EXECUTORS.keys()].sort()).toEqual([...MUTATIONS.keys()].sort());
    for (const [name, executor] of EXECUTORS) {
      expect(executor.definition, name).toBe(MUTATIONS.get(name));
    }
  });

  it('are named as the wire protocol accepts (a name it refuses could never be pushed)', () => {
    for (const name of MUTATIONS.keys()) {
      expect(ZMutationName.safeParse(name).success, name).toBe(true);
    }
  });
});
