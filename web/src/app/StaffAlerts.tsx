// The live alerts of lib/alerts.ts wired to the screen: the tab's title count, an in-page
// notice while the tab is in view and a browser notification while it is not (if allowed),
// and the header's bell that asks for that permission once, from a click.

import { BellOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { onLiveEvent } from '../api/live';
import { useI18n, type Translate } from '../i18n';
import { alertKindsFor, alertsForChange, alertStore, titleWithCount, useUnseenAlerts, type StaffAlert } from '../lib/alerts';
import type { Role } from '../lib/roles';

const ASKED = 'sb.notifications.asked';

function alertText(a: StaffAlert, t: Translate): { title: string; body: string } {
  switch (a.kind) {
    case 'p1':
      return { title: t('alert.newP1', { number: a.number }), body: t('alert.newP1Body') };
    case 'urged':
      return { title: t('alert.newUrge', { number: a.number }), body: t('alert.newUrgeBody') };
    case 'escalated':
      return { title: t('alert.newEscalation', { number: a.number }), body: t('alert.newEscalationBody') };
  }
}

/** Listens to the stream for the signed-in role's alerts; keeps the title's count. */
export function useStaffAlerts(role: Role | undefined): void {
  const { t } = useI18n();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const count = useUnseenAlerts();

  useEffect(() => {
    document.title = titleWithCount(t('app.name'), count);
  }, [count, t]);

  useEffect(() => {
    if (!role) return;
    const kinds = alertKindsFor(role);
    if (kinds.length === 0) return;
    const since = Date.now();
    const raise = (a: StaffAlert) => {
      if (!alertStore.add(a)) return;
      const { title, body } = alertText(a, t);
      const open = () => void navigate(`/tickets/${a.ticketId}`);
      if (document.visibilityState === 'hidden' && 'Notification' in window && Notification.permission === 'granted') {
        const n = new Notification(title, { body, tag: a.key });
        n.onclick = () => {
          window.focus();
          open();
          n.close();
        };
      } else {
        notification.warning({
          key: a.key,
          title,
          description: body,
          placement: 'bottomRight',
          duration: 8,
          onClick: open,
          style: { cursor: 'pointer' },
        });
      }
    };
    return onLiveEvent((e) => {
      if (e.type === 'ticket.escalated') {
        if (kinds.includes('escalated')) raise({ kind: 'escalated', ticketId: e.ticket_id, number: e.number, clock: e.clock, key: `${e.ticket_id}:esc:${e.clock}:${e.at}` });
        return;
      }
      // P1 dispatches arrive as a change to `dispatched`; urges as a change in any open state.
      const mayMatter = e.type === 'ticket.changed' && (e.status === 'dispatched' || kinds.includes('urged'));
      if (!mayMatter || !['dispatched', 'accepted', 'in_progress'].includes(e.status)) return;
      void unwrap(api.GET('/api/v1/tickets/{id}', { params: { path: { id: e.ticket_id } } }))
        .then((tk) => alertsForChange(tk, kinds, since).forEach(raise))
        .catch(() => {
          // gone from view meanwhile (returned, merged): nothing to alert
        });
    });
  }, [role, t, notification, navigate]);
}

/** The header's bell: asks once, on a click, whether alerts may show as browser notifications. */
export function NotificationPermissionButton({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  const supported = typeof window !== 'undefined' && 'Notification' in window;
  const [state, setState] = useState(() => (supported ? Notification.permission : 'denied'));
  const [asked, setAsked] = useState(() => localStorage.getItem(ASKED) === 'yes');
  if (!supported || state !== 'default' || asked) return null;
  return (
    <Tooltip title={t('alert.enableHint')}>
      <Button
        icon={<BellOutlined />}
        aria-label={t('alert.enable')}
        data-testid="enable-notifications"
        onClick={() => {
          localStorage.setItem(ASKED, 'yes');
          setAsked(true);
          void Notification.requestPermission().then(setState);
        }}
      >
        {compact ? null : t('alert.enable')}
      </Button>
    </Tooltip>
  );
}
