import { describe, expect, it } from 'vitest';
import { toInput } from './actionInput';

describe('action dialog bodies', () => {
  it('resolves with the cause chosen in the cascader once the list has causes', () => {
    expect(toInput('resolve', { resolution: ' Replaced the pipe ', root_cause_path: ['cat', 'cause'] })).toEqual({
      action: 'resolve',
      body: { resolution: 'Replaced the pipe', root_cause_id: 'cause', root_cause: null },
    });
  });
  it('resolves with the cause in words while the list is empty', () => {
    expect(toInput('resolve', { resolution: 'Done', root_cause: ' Corroded pipe ' })).toEqual({
      action: 'resolve',
      body: { resolution: 'Done', root_cause: 'Corroded pipe' },
    });
    expect(toInput('resolve', { resolution: 'Done' })).toEqual({ action: 'resolve', body: { resolution: 'Done', root_cause: null } });
  });
  it('sends the reason or note of the newer actions', () => {
    expect(toInput('overrule', { reason: ' It is yours ' })).toEqual({ action: 'overrule', body: { reason: 'It is yours' } });
    expect(toInput('flag_hot', { reason: 'On TV' })).toEqual({ action: 'flag_hot', body: { reason: 'On TV' } });
    expect(toInput('recontact', { note: '  ' })).toEqual({ action: 'recontact', body: { note: null } });
    expect(toInput('flag_incident', { note: 'Fire' })).toEqual({ action: 'flag_incident', body: { note: 'Fire' } });
    expect(toInput('record_onsite', {})).toEqual({ action: 'record_onsite', body: { note: null } });
    expect(toInput('report_hot', { note: 'Told HQ' })).toEqual({ action: 'report_hot', body: { note: 'Told HQ' } });
  });
});
