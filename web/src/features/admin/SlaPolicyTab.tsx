// The SLA policy as friendly "number + unit" inputs (sent to the API as ISO 8601 durations,
// never shown as such) and holidays picked on a calendar.

import { App, Button, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select, Skeleton, Space } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { URGENCIES, type SlaPolicy, type TicketKind, type Urgency } from '../../api/client';
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
  hot_threshold: number;
  /** The kinds called back before closing. */
  callback_kinds: TicketKind[];
  utc_offset: string;
  working_days: string[];
  holidays: string[];
}

const KINDS: TicketKind[] = ['complaint', 'inquiry', 'repair', 'suggestion', 'praise'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
// The API's defaults, for a server that leaves the optional parts out.
const DEFAULT_CALLBACK: Record<TicketKind, boolean> = { complaint: true, inquiry: false, repair: true, suggestion: true, praise: false };

const friendly = (iso: string): Friendly => isoToFriendly(iso) ?? { value: 0, unit: 'minutes' };
const iso = (f: Friendly | undefined) => (f ? fromFriendly(f.value ?? 0, f.unit) : '');

function DurationInput({ name, label }: { name: (string | number)[]; label: string }) {
  const { t } = useI18n();
  const units: DurationUnit[] = ['minutes', 'hours', 'days'];
  return (
    <Form.Item label={label} required>
      <Space.Compact>
        <Form.Item name={[...name, 'value']} noStyle rules={[{ required: true, message: t('field.required') }]}>
          <InputNumber min={1} precision={0} style={{ width: 120 }} aria-label={label} />
        </Form.Item>
        <Form.Item name={[...name, 'unit']} noStyle>
          <Select style={{ width: 110 }} aria-label={t('admin.sla.unitOf', { field: label })} options={units.map((u) => ({ value: u, label: t(`unit.${u}` as MessageKey) }))} />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

/** Adds a holiday picked on a calendar to the list above it (kept sorted, once each). */
function HolidayPicker() {
  const { t } = useI18n();
  const form = Form.useFormInstance<Values>();
  const holidays = (Form.useWatch('holidays', form) as string[] | undefined) ?? [];
  return (
    <Form.Item label={t('admin.sla.addHoliday')} style={{ marginTop: -8 }}>
      <DatePicker
        value={null}
        aria-label={t('admin.sla.addHoliday')}
        data-testid="holiday-picker"
        disabledDate={(d) => holidays.includes(d.format('YYYY-MM-DD'))}
        onChange={(d: dayjs.Dayjs | null) => {
          if (!d) return;
          const day = d.format('YYYY-MM-DD');
          form.setFieldValue('holidays', [...new Set([...holidays, day])].sort());
          void form.validateFields(['holidays']);
        }}
      />
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
      hot_threshold: p.hot_threshold,
      callback_kinds: KINDS.filter((k) => (p.callback_required ?? DEFAULT_CALLBACK)[k]),
      utc_offset: p.calendar?.utc_offset ?? '+08:00',
      working_days: p.calendar?.working_days ?? ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: p.calendar?.holidays ?? [],
    };
  }, [policy.data]);

  if (policy.error) return <ErrorAlert error={policy.error} onRetry={() => void policy.refetch()} />;
  if (!initial) return <Skeleton active />;

  const submit = (v: Values) => {
    // Anything this form does not know stays as loaded.
    const body: SlaPolicy = {
      ...policy.data!,
      response: { P1: iso(v.response.P1), P2: iso(v.response.P2), P3: iso(v.response.P3), P4: iso(v.response.P4) },
      resolution: iso(v.resolution),
      onsite: iso(v.onsite),
      auto_close_after: iso(v.auto_close_after),
      at_risk_percent: v.at_risk_percent,
      hot_threshold: v.hot_threshold,
      callback_required: {
        ...(policy.data!.callback_required ?? DEFAULT_CALLBACK),
        ...Object.fromEntries(KINDS.map((k) => [k, v.callback_kinds.includes(k)])),
      },
      calendar: {
        ...policy.data!.calendar,
        utc_offset: v.utc_offset.trim(),
        working_days: WEEKDAYS.filter((d) => v.working_days.includes(d)),
        holidays: [...new Set(v.holidays.map((h) => h.trim()).filter(Boolean))].sort(),
      },
    };
    save.mutate(body, {
      onSuccess: () => void message.success(t('admin.sla.saved')),
      onError: (e) =>
        form.setFields(
          formFieldErrors<Values>(e, t, {
            'calendar.utc_offset': ['utc_offset'],
            'calendar.working_days': ['working_days'],
            'calendar.holidays': ['holidays'],
            callback_required: ['callback_kinds'],
          }),
        ),
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
        <Col xs={24} md={12}>
          <Form.Item name="hot_threshold" label={t('admin.sla.hotThreshold')} rules={[{ required: true, message: t('field.required') }]}>
            <InputNumber min={2} max={10000} precision={0} style={{ width: 120 }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="callback_kinds" label={t('admin.sla.callbackRequired')}>
            <Checkbox.Group options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} data-testid="sla-callback-kinds" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        {t('admin.sla.calendar')}
      </Divider>
      <Row gutter={24}>
        <Col xs={24} md={8}>
          <Form.Item
            name="utc_offset"
            label={t('admin.sla.utcOffset')}
            rules={[{ required: true, pattern: /^[+-]\d{2}:\d{2}$/, message: '+08:00' }]}
          >
            <Input style={{ width: 120 }} maxLength={6} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="working_days" label={t('admin.sla.workingDays')}>
            <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekday.${d}`) }))} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item
            name="holidays"
            label={t('admin.sla.holidays')}
            rules={[
              {
                validator: (_, v: string[] | undefined) =>
                  (v ?? []).every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.trim())) ? Promise.resolve() : Promise.reject(new Error('YYYY-MM-DD')),
              },
            ]}
          >
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} suffixIcon={null} placeholder="2026-10-01" aria-label={t('admin.sla.holidays')} />
          </Form.Item>
          <HolidayPicker />
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('app.save')}
      </Button>
    </Form>
  );
}
