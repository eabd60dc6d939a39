import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from './sse';

const STREAM =
  ': keep-alive\n\n' +
  'event: ticket.created\ndata: {"ticket_id":"a","number":"20261122-0001"}\n\n' +
  ': keep-alive\n\n' +
  'event: ticket.changed\r\ndata: {"ticket_id":"b",\r\ndata: "status":"accepted"}\r\n\r\n' +
  'data: 第一行\ndata:second\n\n' +
  'event: resync\ndata: {"missed":3}\n\n';

const EXPECTED: SseMessage[] = [
  { event: 'ticket.created', data: '{"ticket_id":"a","number":"20261122-0001"}' },
  { event: 'ticket.changed', data: '{"ticket_id":"b",\n"status":"accepted"}' },
  { event: 'message', data: '第一行\nsecond' },
  { event: 'resync', data: '{"missed":3}' },
];

function feed(chunks: string[]): SseMessage[] {
  const p = new SseParser();
  return chunks.flatMap((c) => p.push(c));
}

describe('SSE frame parser', () => {
  it('parses a whole stream in one chunk', () => {
    expect(feed([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same messages whatever the chunk boundaries', () => {
    for (let cut = 1; cut < STREAM.length; cut++) {
      expect(feed([STREAM.slice(0, cut), STREAM.slice(cut)]), `cut at ${cut}`).toEqual(EXPECTED);
    }
    expect(feed([...STREAM])).toEqual(EXPECTED); // one character at a time
    for (let a = 1; a < STREAM.length; a += 7) {
      for (let b = a + 1; b < STREAM.length; b += 11) {
        expect(feed([STREAM.slice(0, a), STREAM.slice(a, b), STREAM.slice(b)])).toEqual(EXPECTED);
      }
    }
  });

  it('ignores comments and keep-alives, and frames without data', () => {
    expect(feed([': keep-alive\n\n: another\n\nevent: ticket.changed\n\n'])).toEqual([]);
    // The event name of a frame without data does not leak into the next frame.
    expect(feed(['event: x\n\ndata: y\n\n'])).toEqual([{ event: 'message', data: 'y' }]);
  });

  it('waits for the blank line before dispatching', () => {
    const p = new SseParser();
    expect(p.push('event: ticket.created\ndata: {}\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'ticket.created', data: '{}' }]);
  });

  it('accepts CR line endings and a CRLF split between chunks', () => {
    expect(feed(['data: a\r', '\n\r', '\n'])).toEqual([{ event: 'message', data: 'a' }]);
    // A CR ending a chunk is held until the next chunk shows whether an LF follows.
    expect(feed(['data: a\r\rdata: b\r\r', ': keep-alive\n'])).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
  });

  it('strips one space after the colon only, and keeps the last id', () => {
    expect(feed(['id: 7\ndata:  two spaces\ndata\n\n'])).toEqual([{ event: 'message', data: ' two spaces\n', id: '7' }]);
  });
});
