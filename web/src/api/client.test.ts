import { describe, expect, it } from 'vitest';
import { ApiError, attachmentName, unwrapAll, unwrapFile } from './client';

describe('file names from Content-Disposition', () => {
  it('reads the name the API sends', () => {
    expect(attachmentName('attachment; filename="switchboard-summary-20261115-20261122.csv"')).toBe(
      'switchboard-summary-20261115-20261122.csv',
    );
  });
  it('reads unquoted and escaped names', () => {
    expect(attachmentName('attachment; filename=report.csv')).toBe('report.csv');
    expect(attachmentName('attachment;filename=report.csv; size=10')).toBe('report.csv');
    expect(attachmentName('attachment; filename="a \\"b\\".csv"')).toBe('a "b".csv');
    expect(attachmentName('attachment; filename="x;y.csv"')).toBe('x;y.csv');
  });
  it('prefers the UTF-8 name (RFC 5987) when both are given', () => {
    expect(attachmentName("attachment; filename=\"report.csv\"; filename*=UTF-8''%E6%8A%A5%E8%A1%A8.csv")).toBe('报表.csv');
    expect(attachmentName("attachment; filename*=utf-8''summary%20v2.csv")).toBe('summary v2.csv');
  });
  it('falls back to the plain name when the UTF-8 one is broken or in another charset', () => {
    expect(attachmentName("attachment; filename*=UTF-8''%E6%8A; filename=plain.csv")).toBe('plain.csv');
    expect(attachmentName("attachment; filename*=iso-8859-1'en'%A3rates.csv; filename=rates.csv")).toBe('rates.csv');
  });
  it('keeps folders out of the name', () => {
    expect(attachmentName('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(attachmentName('attachment; filename="C:\\\\temp\\\\x.csv"')).toBe('x.csv');
    expect(attachmentName('attachment; filename=".."')).toBeNull();
  });
  it('is null without a name', () => {
    expect(attachmentName(null)).toBeNull();
    expect(attachmentName('')).toBeNull();
    expect(attachmentName('attachment')).toBeNull();
    expect(attachmentName('attachment; filename=""')).toBeNull();
  });
});

describe('files from the API', () => {
  const csv = 'section,key,metric,value\n';
  it('names the file as the response says, else with the fallback', async () => {
    const blob = new Blob([csv], { type: 'text/csv' });
    const named = new Response(csv, { headers: { 'Content-Disposition': 'attachment; filename="s.csv"' } });
    const file = await unwrapFile(Promise.resolve({ data: blob, response: named }), 'fallback.csv');
    expect(file.filename).toBe('s.csv');
    expect(await file.blob.text()).toBe(csv);
    const unnamed = await unwrapFile(Promise.resolve({ data: blob, response: new Response(csv) }), 'fallback.csv');
    expect(unnamed.filename).toBe('fallback.csv');
  });
  it('turns a refusal into an ApiError with the problem’s code', async () => {
    const problem = { type: 'urn:switchboard:problem:forbidden', title: 'Forbidden', status: 403, code: 'forbidden', detail: 'no' };
    const refused = unwrapFile(
      Promise.resolve({ error: problem, response: new Response(JSON.stringify(problem), { status: 403 }) }),
      'x.csv',
    );
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });
  it('reports a failed connection as a network error', async () => {
    await expect(unwrapFile(Promise.reject(new TypeError('Failed to fetch')), 'x.csv')).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
    });
  });
});

describe('every page of a list', () => {
  const pages: Record<string, { items: number[]; next_cursor: string | null }> = {
    start: { items: [1, 2], next_cursor: 'b' },
    b: { items: [3], next_cursor: 'c' },
    c: { items: [], next_cursor: null },
  };
  it('follows next_cursor to the end, in order', async () => {
    const asked: (string | undefined)[] = [];
    const all = await unwrapAll((cursor) => {
      asked.push(cursor);
      return Promise.resolve({ data: pages[cursor ?? 'start'], response: new Response('{}') });
    });
    expect(all).toEqual([1, 2, 3]);
    expect(asked).toEqual([undefined, 'b', 'c']);
  });
  it('fails as a whole when a page is refused', async () => {
    const problem = { code: 'forbidden', detail: 'no' };
    const failing = unwrapAll((cursor) =>
      Promise.resolve(
        cursor
          ? { error: problem, response: new Response(JSON.stringify(problem), { status: 403 }) }
          : { data: pages.start, response: new Response('{}') },
      ),
    );
    await expect(failing).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });
});
