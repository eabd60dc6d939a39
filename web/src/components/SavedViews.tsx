// A list screen's saved views (lib/savedViews.ts): one tag per view — a click applies it,
// its × deletes it — and "Save view" to keep the current filters under a name.

import { SaveOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { useSavedViews } from '../lib/savedViews';

export function SavedViews({ userId, screen, query, onApply }: { userId: string; screen: string; query: string; onApply: (query: string) => void }) {
  const { t } = useI18n();
  const { views, save, remove } = useSavedViews(userId, screen);
  const [naming, setNaming] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const current = views.find((v) => v.query === query)?.name;
  return (
    <Space size={[4, 4]} wrap data-testid="saved-views" style={{ marginBottom: 8 }}>
      <Typography.Text type="secondary">{t('views.title')}:</Typography.Text>
      {views.length === 0 && <Typography.Text type="secondary">{t('views.none')}</Typography.Text>}
      {views.map((v) => (
        <Tag
          key={v.name}
          color={v.name === current ? 'blue' : undefined}
          closable
          closeIcon={<span aria-label={t('views.delete', { name: v.name })}>×</span>}
          onClose={(e) => {
            e.preventDefault();
            remove(v.name);
          }}
          data-view={v.name}
          style={{ cursor: 'pointer', marginInlineEnd: 0 }}
        >
          <span role="button" tabIndex={0} onClick={() => onApply(v.query)} onKeyDown={(e) => e.key === 'Enter' && onApply(v.query)}>
            {v.name}
          </span>
        </Tag>
      ))}
      <Button size="small" icon={<SaveOutlined />} onClick={() => setNaming(true)} data-testid="save-view">
        {t('views.save')}
      </Button>
      <Modal
        open={naming}
        title={t('views.saveTitle')}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        onCancel={() => setNaming(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<{ name: string }>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ name: current ?? '' }}
          onFinish={({ name }) => {
            save(name.trim(), query);
            setNaming(false);
          }}
        >
          <Form.Item
            name="name"
            label={t('views.name')}
            extra={views.some((v) => v.name === current) ? undefined : t('views.sameNameReplaces')}
            rules={[{ required: true, whitespace: true, message: t('field.required') }, { max: 40 }]}
          >
            <Input autoFocus maxLength={40} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
