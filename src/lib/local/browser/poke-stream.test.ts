import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TPoke } from '@/lib/sync/protocol/events';
import { openPokeStream } from './poke-stream';
import type { PokeStreamState } from './worker-protocol';

/** Stands in for EventSource: the test plays the server's side (open, events, a broken stream). */
class FakeSource extends EventTarget {
  closed = false;
  constructor(readonly url: string) {
    super();
  }
  close() {
    this.closed = true;
  }
  open() {
    this.dispatchEvent(new Event('open'));
  }
  send(event: string, data: string) {
    this.dispatchEvent(new MessageEvent(event, { data }));
  }
  fail() {
    this.dispatchEvent(new Event('error'));
  }
}

const PRACTICE = '0193a1b2-0000-7000-8000-000000000001';

const setup = ({ random = () => 1 } = {}) => {
  const sources: FakeSource[] = [];
  const pokes: TPoke[] = [];
  const states: PokeStreamState[] = [];
  let errors = 0;
  const stream = openPokeStream({
    url: '/api/sync/events',
    onPoke: (poke) => pokes.push(poke),
    onState: (state) => states.push(state),
    onError: () => {
      errors += 1;
    },
    random,
    baseDelayMs: 1_000,
    capDelayMs: 8_000,
    createSource: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source as unknown as EventSource;
    },
  });
  return { stream, sources, pokes, states, errors: () => errors, latest: () => sources.at(-1) as FakeSource };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('openPokeStream', () => {
  it('passes on well-formed pokes only', () => {
    const { latest, pokes, states } = setup();
    latest().open();
    latest().send('poke', JSON.stringify({ practiceId: PRACTICE, version: 42 }));
    latest().send('poke', 'not json');
    latest().send('poke', JSON.stringify({ practiceId: 'not-a-uuid', version: 1 }));
    latest().send('heartbeat', '{}');
    expect(pokes).toEqual([{ practiceId: PRACTICE, version: 42 }]);
    expect(states).toEqual(['connecting', 'open']);
  });

  it('after an error closes the source and reconnects after a backoff that grows until a stream opens', () => {
    vi.useFakeTimers();
    const { sources, latest, errors } = setup(); // random() = 1: the longest wait of each step
    latest().fail();
    expect(sources[0]?.closed).toBe(true);
    expect(errors()).toBe(1);
    vi.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);

    latest().fail(); // the second attempt fails too: twice as long
    vi.advanceTimersByTime(1_999);
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);

    latest().open(); // a stream that opened resets the backoff
    latest().fail();
    vi.advanceTimersByTime(1_000);
    expect(sources).toHaveLength(4);
  });

  it('caps the wait', () => {
    vi.useFakeTimers();
    const { sources, latest } = setup();
    for (let attempt = 0; attempt < 6; attempt += 1) {
      latest().fail();
      vi.advanceTimersByTime(8_000);
    }
    expect(sources).toHaveLength(7);
  });

  it('reconnects at once when asked while down, and not while up', () => {
    vi.useFakeTimers();
    const { stream, sources, latest } = setup();
    latest().open();
    stream.reconnectNow();
    expect(sources).toHaveLength(1);
    latest().fail();
    stream.reconnectNow();
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(60_000); // the scheduled attempt was cancelled
    expect(sources).toHaveLength(2);
  });

  it('once closed, neither reconnects nor reports a late event of the old source', () => {
    vi.useFakeTimers();
    const { stream, sources, latest, pokes, states } = setup();
    const first = latest();
    first.fail();
    stream.close();
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
    first.send('poke', JSON.stringify({ practiceId: PRACTICE, version: 1 }));
    expect(states.at(-1)).toBe('closed');
    stream.reconnectNow();
    expect(sources).toHaveLength(1);
    expect(pokes).toHaveLength(0);
  });
});
