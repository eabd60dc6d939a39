// `?` anywhere in the console (outside a field) opens the list of its keyboard shortcuts.

import { Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { SHORTCUT_GROUPS, isTyping } from '../lib/shortcuts';

export function ShortcutsHelp() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !e.ctrlKey && !e.altKey && !e.metaKey && !isTyping(e.target)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <Modal open={open} onCancel={() => setOpen(false)} footer={null} title={t('shortcuts.title')} destroyOnHidden>
      <div data-testid="shortcuts-help">
        {SHORTCUT_GROUPS.map((g) => (
          <div key={g.title} style={{ marginBottom: 12 }}>
            <Typography.Title level={5}>{t(g.title)}</Typography.Title>
            <table style={{ width: '100%', borderCollapse: 'collapse' }}>
              <tbody>
                {g.items.map((s) => (
                  <tr key={s.what}>
                    <td style={{ width: 140, padding: '2px 0', verticalAlign: 'top' }}>
                      <Space size={4}>
                        {s.keys.map((k) => (
                          <Typography.Text keyboard key={k}>
                            {k}
                          </Typography.Text>
                        ))}
                      </Space>
                    </td>
                    <td style={{ padding: '2px 0' }}>{t(s.what)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
        <Typography.Text type="secondary">{t('shortcuts.notWhileTyping')}</Typography.Text>
      </div>
    </Modal>
  );
}
