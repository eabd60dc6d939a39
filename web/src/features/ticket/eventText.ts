// A timeline entry's details in words, from the event's `data`.

import type { Event } from '../../api/client';
import type { Translate } from '../../i18n';
import { isMessageKey } from '../../i18n/translate';
import { REVEAL_FOR_CALLBACK } from '../../lib/phone';

type Data = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/** The main ticket's number, from the `merged` event of a duplicate's timeline. */
export function mergedInto(events: Event[] | undefined): string | null {
  const e = (events ?? []).findLast((x) => x.kind === 'merged' && (x.data as Data | null)?.role === 'duplicate');
  return e ? str((e.data as Data).into_number) : null;
}

/** The timeline dot's colour: alarms red, pressure orange, outcomes green, a reveal of personal data grey. */
export function eventColor(kind: Event['kind']): 'red' | 'orange' | 'green' | 'gray' | 'blue' {
  switch (kind) {
    case 'escalated':
    case 'flagged_incident':
    case 'flagged_hot':
      return 'red';
    case 'at_risk':
    case 'urged':
    case 'supervised':
    case 'return_overruled':
      return 'orange';
    case 'resolved':
    case 'closed':
    case 'onsite_arrived':
    case 'hot_reported':
      return 'green';
    case 'phone_revealed':
      return 'gray';
    default:
      return 'blue';
  }
}

export function eventDetails(
  e: Event,
  t: Translate,
  departmentName: (id: string) => string | undefined,
  dateTime: (iso: string) => string,
): string[] {
  const d = (e.data ?? {}) as Data;
  const out: (string | null)[] = [];
  switch (e.kind) {
    case 'dispatched':
    case 'return_overruled': {
      const dept = str(d.department_id);
      const u = str(d.urgency);
      out.push(
        [dept ? (departmentName(dept) ?? dept) : null, u && isMessageKey(`urgency.${u}`) ? t(`urgency.${u}` as never) : u]
          .filter(Boolean)
          .join(' · '),
      );
      if (str(d.response_due_at)) out.push(t('clock.due', { time: dateTime(d.response_due_at as string) }));
      if (e.kind === 'return_overruled' && str(d.return_reason)) {
        out.push(t('event.returnReason', { reason: d.return_reason as string }));
      }
      out.push(str(d.note));
      break;
    }
    case 'created':
      if (d.incident === true) out.push(t('ticket.incident'));
      break;
    case 'returned':
    case 'reopened':
      out.push(str(d.reason));
      break;
    case 'answered':
      out.push(str(d.answer));
      break;
    case 'contacted':
    case 'recontacted':
    case 'onsite_arrived':
      out.push(str(d.note));
      break;
    case 'closed':
      if (d.auto === true) out.push(t('event.closedAuto'));
      out.push(str(d.note));
      break;
    case 'flagged_incident':
      if (str(d.onsite_due_at)) out.push(t('event.onsiteDue', { time: dateTime(d.onsite_due_at as string) }));
      out.push(str(d.note));
      break;
    case 'flagged_hot': {
      const why = str(d.reason);
      if (why === 'channel') {
        const ch = str(d.channel);
        out.push(t('event.hotByChannel', { channel: ch && isMessageKey(`channel.${ch}`) ? t(`channel.${ch}` as never) : (ch ?? '') }));
      } else if (why === 'complainants') {
        out.push(t('event.hotByComplainants', { count: typeof d.complainant_count === 'number' ? d.complainant_count : '?' }));
      }
      if (str(d.hot_report_due_at)) out.push(t('event.hotReportDue', { time: dateTime(d.hot_report_due_at as string) }));
      out.push(str(d.note));
      break;
    }
    case 'hot_reported':
      if (typeof d.on_time === 'boolean') out.push(d.on_time ? t('clock.state.met') : t('clock.state.met_late'));
      out.push(str(d.note));
      break;
    case 'resolved':
      out.push(str(d.resolution));
      if (str(d.root_cause)) out.push(`${t('ticket.rootCause')}: ${d.root_cause as string}`);
      break;
    case 'callback': {
      const s = str(d.satisfaction);
      out.push(
        d.reached
          ? `${t('form.reached')}: ${t('app.yes')}${s && isMessageKey(`satisfaction.${s}`) ? ` · ${t(`satisfaction.${s}` as never)}` : ''}`
          : `${t('form.reached')}: ${t('app.no')}`,
      );
      out.push(str(d.comment));
      break;
    }
    case 'extension_requested':
      if (str(d.new_due_at)) out.push(t('clock.due', { time: dateTime(d.new_due_at as string) }));
      out.push(str(d.reason));
      break;
    case 'extension_approved':
    case 'extension_rejected':
      if (str(d.new_due_at)) out.push(t('clock.due', { time: dateTime(d.new_due_at as string) }));
      out.push(str(d.note));
      break;
    case 'escalated':
    case 'at_risk': {
      const clock = str(d.clock);
      const name = clock && isMessageKey(`clock.${clock}`) ? t(`clock.${clock}` as never) : clock;
      out.push([name, typeof d.level === 'number' ? t('event.level', { level: d.level }) : null].filter(Boolean).join(' · '));
      if (e.kind === 'at_risk' && str(d.due_at)) out.push(t('clock.due', { time: dateTime(d.due_at as string) }));
      break;
    }
    case 'comment':
      out.push(str(d.body));
      break;
    case 'phone_revealed': {
      // The callback worklist sends a fixed note: say it in the reader's language.
      const note = str(d.note);
      out.push(note === REVEAL_FOR_CALLBACK ? t('event.revealedForCallback') : note);
      break;
    }
    case 'merged':
      if (d.role === 'duplicate') out.push(t('merge.eventInto', { number: str(d.into_number) ?? '' }));
      else if (d.role === 'main') {
        out.push(t('merge.eventFrom', { number: str(d.duplicate_number) ?? '' }));
        if (typeof d.complainant_count === 'number' && typeof d.contact_count === 'number') {
          out.push(t('ticket.repeat', { complainants: d.complainant_count, contacts: d.contact_count }));
        }
      }
      break;
    case 'urged':
    case 'supervised': {
      const dept = str(d.department_id);
      if (dept) out.push(departmentName(dept) ?? dept);
      if (str(d.due_at)) out.push(t('supervise.eventDue', { time: dateTime(d.due_at as string) }));
      out.push(str(d.note));
      break;
    }
    default:
      break;
  }
  // Transitions carry `from` and `to`: show the change of state.
  const from = str(d.from);
  const to = str(d.to);
  if (from && to && from !== to && isMessageKey(`status.${from}`) && isMessageKey(`status.${to}`)) {
    out.unshift(`${t(`status.${from}` as never)} → ${t(`status.${to}` as never)}`);
  }
  return out.filter((x): x is string => !!x);
}
