// The SLA policy as friendly "number + unit" inputs; sent to the API as ISO 8601 durations.

import { App, Button, Col, Form, InputNumber, Row, Select, Skeleton, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { URGENCIES, type SlaPolicy, type Urgency } from '../../api/client';
import { useSlaPolicy } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n, type MessageKey } from '../../i18n';
import { fromFriendly, isoToFriendly, type DurationUnit } from '../../lib/duration';
import { formFieldErrors } from '../../lib/errors';
import { usePutSlaPolicy } from './api';

interface Friendly {
  value: number;
  unit: DurationUnit;
}

interface Values {
  response: Record<Urgency, Friendly>;
  resolution: Friendly;
  onsite: Friendly;
  auto_close_after: Friendly;
  at_risk_percent: number;
}

const friendly = (iso: string): Friendly => isoToFriendly(iso) ?? { value: 0, unit: 'minutes' };
const iso = (f: Friendly | undefined) => (f ? fromFriendly(f.value ?? 0, f.unit) : '');

function DurationInput({ name, label }: { name: (string | number)[]; label: string }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<Values>();
  const value = Form.useWatch(name, form) as Friendly | undefined;
  const units: DurationUnit[] = ['minutes', 'hours', 'days'];
  return (
    <Form.Item label={label} extra={<Typography.Text type="secondary">{t('admin.sla.iso', { iso: iso(value) })}</Typography.Text>} required>
      <Space.Compact>
        <Form.Item name={[...name, 'value']} noStyle rules={[{ required: true, message: t('field.required') }]}>
          <InputNumber min={1} precision={0} style={{ width: 120 }} aria-label={label} />
        </Form.Item>
        <Form.Item name={[...name, 'unit']} noStyle>
          <Select style={{ width: 110 }} options={units.map((u) => ({ value: u, label: t(`unit.${u}` as MessageKey) }))} />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

export function SlaPolicyTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const policy = useSlaPolicy();
  const save = usePutSlaPolicy();
  const [form] = Form.useForm<Values>();

  const initial = useMemo<Values | null>(() => {
    const p = policy.data;
    if (!p) return null;
    return {
      response: { P1: friendly(p.response.P1), P2: friendly(p.response.P2), P3: friendly(p.response.P3), P4: friendly(p.response.P4) },
      resolution: friendly(p.resolution),
      onsite: friendly(p.onsite),
      auto_close_after: friendly(p.auto_close_after),
      at_risk_percent: p.at_risk_percent,
    };
  }, [policy.data]);

  if (policy.error) return <ErrorAlert error={policy.error} onRetry={() => void policy.refetch()} />;
  if (!initial) return <Skeleton active />;

  const submit = (v: Values) => {
    // Keep the policy's other settings as loaded; this form edits the windows only.
    const body: SlaPolicy = {
      ...policy.data!,
      response: { P1: iso(v.response.P1), P2: iso(v.response.P2), P3: iso(v.response.P3), P4: iso(v.response.P4) },
      resolution: iso(v.resolution),
      onsite: iso(v.onsite),
      auto_close_after: iso(v.auto_close_after),
      at_risk_percent: v.at_risk_percent,
    };
    save.mutate(body, {
      onSuccess: () => void message.success(t('admin.sla.saved')),
      onError: (e) => form.setFields(formFieldErrors<Values>(e, t)),
    });
  };

  return (
    <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} style={{ maxWidth: 760 }}>
      <ErrorAlert error={save.error} />
      <Row gutter={24}>
        {URGENCIES.map((u) => (
          <Col key={u} xs={24} md={12}>
            <DurationInput name={['response', u]} label={t('admin.sla.response', { tier: t(`urgency.${u}`) })} />
          </Col>
        ))}
        <Col xs={24} md={12}>
          <DurationInput name={['resolution']} label={t('admin.sla.resolution')} />
        </Col>
        <Col xs={24} md={12}>
          <DurationInput name={['onsite']} label={t('admin.sla.onsite')} />
        </Col>
        <Col xs={24} md={12}>
          <DurationInput name={['auto_close_after']} label={t('admin.sla.autoClose')} />
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="at_risk_percent" label={t('admin.sla.atRisk')} rules={[{ required: true, message: t('field.required') }]}>
            <InputNumber min={1} max={99} precision={0} suffix="%" style={{ width: 120 }} />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('app.save')}
      </Button>
    </Form>
  );
}
