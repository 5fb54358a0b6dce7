import { describe, expect, it } from 'vitest';
import { assertLocalDatabaseUrl } from '../helpers/test-database';

describe('test database guard', () => {
  it.each([
    'postgres://postgres@127.0.0.1:5432/postgres',
    'postgres://postgres@localhost/postgres',
    'postgres://postgres@[::1]:5432/postgres',
    'postgres://postgres@/postgres?host=/var/run/postgresql',
  ])('accepts the local server %s', (url) => {
    expect(() => assertLocalDatabaseUrl(url)).not.toThrow();
  });

  it.each([
    'postgres://postgres@db.example.org:5432/postgres',
    'postgres://postgres@10.0.0.5/postgres',
    'postgres://u:p@aws-0-eu-central-1.pooler.supabase.com:6543/postgres',
    'postgres://postgres@/postgres?host=db.example.org',
  ])('refuses %s', (url) => {
    expect(() => assertLocalDatabaseUrl(url)).toThrow(/non-local/);
  });
});
