// A parser for the Server-Sent Events wire format (text/event-stream, WHATWG HTML §9.2),
// fed with decoded text in chunks that may split lines, fields or line endings anywhere.
// The browser's EventSource cannot send an Authorization header, so the console reads the
// stream with fetch (see live.ts) and parses it here.

export interface SseMessage {
  /** The `event:` field; `message` when the frame names none. */
  event: string;
  /** The `data:` lines of the frame, joined with `\n`. */
  data: string;
  /** The last `id:` seen, if any. */
  id?: string;
}

export class SseParser {
  private buffer = '';
  private dataLines: string[] = [];
  private event = '';
  private lastId: string | undefined;

  /** Feeds one chunk of text; returns the messages completed by it, in order. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      // A CR at the very end may be the first half of a CRLF split across chunks: wait.
      if (c === '\r' && i === this.buffer.length - 1) break;
      const line = this.buffer.slice(start, i);
      if (c === '\r' && this.buffer[i + 1] === '\n') i++;
      start = i + 1;
      const message = this.line(line);
      if (message) out.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null; // a comment: the server's keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataLines.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
        break; // `retry` and unknown fields: the reader keeps its own backoff
    }
    return null;
  }

  private dispatch(): SseMessage | null {
    const data = this.dataLines;
    const event = this.event;
    this.dataLines = [];
    this.event = '';
    // A frame without data lines dispatches nothing (the spec's rule).
    if (data.length === 0) return null;
    return { event: event || 'message', data: data.join('\n'), ...(this.lastId !== undefined ? { id: this.lastId } : {}) };
  }
}
