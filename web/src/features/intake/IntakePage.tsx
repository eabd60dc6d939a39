// Intake (受理): a caller is on the line. Channel, kind and phone first; the phone looks
// up the caller's earlier tickets; then the matter, and either an answer now or a dispatch
// with a tier whose response deadline is shown before confirming. Keyboard first.

import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  ConfigProvider,
  Flex,
  Form,
  Input,
  List,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
  type FormInstance,
  type InputRef,
} from 'antd';
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { URGENCIES, newIdempotencyKey, type Answer, type Channel, type Ticket, type TicketKind, type Urgency } from '../../api/client';
import { keys } from '../../api/keys';
import { useAnswers, useDepartments } from '../../api/queries';
import { ResponseDue, StatusTag, useResponseDueText, useUrgencyLabel } from '../../components/Labels';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { describeError, describeFieldMessage, formFieldErrors } from '../../lib/errors';
import { phoneProblem } from '../../lib/phone';
import { useDebounced } from '../../lib/useDebounced';
import { NextStepError, phoneDigits, useCallerLookup, useIntake } from './api';
import { CALLER_FIELDS, clearStale, fillAll, fillEmpty, type CallerDetails, type Filled } from './callerDetails';

const CHANNELS: Channel[] = ['phone', 'walk_in', 'letter', 'email', 'web', 'online_forum', 'media', 'forwarded'];
const KINDS: TicketKind[] = ['complaint', 'inquiry', 'repair', 'suggestion', 'praise'];

interface Values {
  channel: Channel;
  kind: TicketKind;
  phone: string;
  subject: string;
  description?: string;
  name: string;
  address?: string;
  unit?: string;
  incident?: boolean;
  mode: 'answer' | 'dispatch';
  answer?: string;
  department_id?: string;
  urgency?: Urgency;
  note?: string;
}

const INITIAL: Partial<Values> = { channel: 'phone', kind: 'complaint', mode: 'dispatch', urgency: 'P3' };

/** The caller details in the form now. */
function callerFields(form: FormInstance<Values>): CallerDetails {
  return form.getFieldsValue([...CALLER_FIELDS]) as CallerDetails;
}

// API field names → this form's fields.
const FIELD_MAP: Record<string, string[]> = {
  'customer.phone': ['phone'],
  'customer.name': ['name'],
  'customer.address': ['address'],
  'customer.unit': ['unit'],
};

export function IntakePage() {
  const { t, dateTime } = useI18n();
  const urgencyLabel = useUrgencyLabel();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const phoneRef = useRef<InputRef>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [lastTicket, setLastTicket] = useState<Ticket | null>(null);
  const [stepError, setStepError] = useState<NextStepError | null>(null);
  // The unified answer the agent chose to answer with (its use is counted).
  const [citing, setCitingState] = useState<Answer | null>(null);
  // Read at submit time: "answer with this" sets it and submits in the same tick.
  const citingRef = useRef<Answer | null>(null);
  const setCiting = (a: Answer | null) => {
    citingRef.current = a;
    setCitingState(a);
  };

  const departments = useDepartments();
  const intake = useIntake();

  const phone = Form.useWatch('phone', form) ?? '';
  const mode = Form.useWatch('mode', form) ?? 'dispatch';
  const urgency = Form.useWatch('urgency', form);
  const debouncedPhone = useDebounced(phone, 400);
  const typing = phoneDigits(phone) !== phoneDigits(debouncedPhone);
  // Only the number typed now is looked up: while it changes (or after the form was
  // cleared) no earlier caller is in play.
  const lookupDigits = typing ? '' : phoneDigits(phone);
  const lookup = useCallerLookup(lookupDigits);
  // What a lookup filled in, for which number (emptied again when the number changes).
  const filledRef = useRef<Filled | null>(null);
  // Unified answers matching the subject, as the agent types it.
  const subject = (Form.useWatch('subject', form) ?? '').trim();
  const debouncedSubject = useDebounced(subject, 350);
  const answers = useAnswers({ q: debouncedSubject, limit: 5 }, debouncedSubject.length >= 2);
  const answersTyping = subject !== debouncedSubject;

  const activeDepartments = useMemo(() => (departments.data ?? []).filter((d) => d.active), [departments.data]);

  const dueText = useResponseDueText();

  const reset = () => {
    form.resetFields();
    filledRef.current = null;
    setCiting(null);
    setIdempotencyKey(newIdempotencyKey());
    intake.reset();
    setTimeout(() => phoneRef.current?.focus(), 0);
  };

  // Alt+N: a new contact, here as from anywhere (the layout's Alt+N opens this screen);
  // Alt+P: phone; Alt+1…4: tier; Ctrl+Enter: submit (also from a text area). An effect
  // event: a key pressed runs this render's reset and form, the listener stays the same.
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyN') {
      e.preventDefault();
      reset();
    } else if (e.altKey && e.code === 'KeyP') {
      e.preventDefault();
      phoneRef.current?.focus();
    } else if (e.altKey && /^Digit[1-4]$/.test(e.code)) {
      e.preventDefault();
      form.setFieldsValue({ mode: 'dispatch', urgency: `P${e.code.slice(5)}` as Urgency });
    } else if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      form.submit();
    }
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const submit = (v: Values) => {
    setStepError(null);
    const ticket = {
      channel: v.channel,
      kind: v.kind,
      subject: v.subject.trim(),
      description: v.description?.trim() ?? '',
      customer: { name: v.name.trim(), phone: v.phone.trim(), address: v.address?.trim() || null, unit: v.unit?.trim() || null },
      incident: !!v.incident,
    };
    const cited = v.mode === 'answer' ? citingRef.current : null;
    const run = () =>
      intake.mutate(
        {
          ticket,
          idempotencyKey,
          then:
            v.mode === 'answer'
              ? { kind: 'answer', answer: v.answer?.trim() ?? '', answerId: cited?.id ?? null }
              : { kind: 'dispatch', departmentId: v.department_id ?? '', urgency: v.urgency ?? 'P3', note: v.note },
        },
        {
          onSuccess: (tk) => {
            setLastTicket(tk);
            void message.success(t('intake.created', { number: tk.number }));
            reset();
          },
          onError: (e) => {
            if (e instanceof NextStepError) {
              setStepError(e);
              setLastTicket(e.ticket);
              void queryClient.invalidateQueries({ queryKey: keys.ticket(e.ticket.id) });
              form.resetFields();
              filledRef.current = null;
              setCiting(null);
              setIdempotencyKey(newIdempotencyKey());
            } else {
              form.setFields(formFieldErrors(e, t, FIELD_MAP));
            }
          },
        },
      );
    if (v.mode === 'dispatch') {
      const dept = activeDepartments.find((d) => d.id === v.department_id)?.name ?? '';
      modal.confirm({
        title: t('intake.confirmDispatch', { subject: v.subject.trim() }),
        content: (
          <div data-testid="confirm-dispatch">
            <p>{dept}, {urgencyLabel(v.urgency ?? 'P3')}</p>
            <p>{dueText(v.urgency, Date.now())}</p>
          </div>
        ),
        okText: t('app.confirm'),
        cancelText: t('app.cancel'),
        autoFocusButton: 'ok',
        onOk: run,
      });
    } else {
      // An answer closes the contact at once: show what goes on the record before it does.
      modal.confirm({
        title: t('intake.confirmAnswer', { subject: v.subject.trim() }),
        width: 560,
        content: (
          <div data-testid="confirm-answer">
            <p>
              {v.name.trim()} · {v.phone.trim()}
            </p>
            {cited && <p>{t('intake.answers.citing', { title: cited.title })}</p>}
            <Typography.Paragraph style={{ whiteSpace: 'pre-line', maxHeight: 200, overflow: 'auto', background: '#fafafa', padding: 8 }}>
              {v.answer?.trim()}
            </Typography.Paragraph>
            <Typography.Text type="secondary">{t('intake.confirmAnswerHint')}</Typography.Text>
          </div>
        ),
        okText: t('app.confirm'),
        cancelText: t('app.cancel'),
        autoFocusButton: 'ok',
        onOk: run,
      });
    }
  };

  const known = lookup.data;
  const fillFromLookup = () => {
    if (!known) return;
    const { set, filled } = fillAll(known, lookupDigits);
    filledRef.current = filled;
    form.setFieldsValue(set);
  };
  // The number changed: details a lookup filled in for another number go (what the agent
  // typed or changed by hand stays).
  const digits = phoneDigits(phone);
  useEffect(() => {
    const stale = clearStale(callerFields(form), filledRef.current, digits);
    if (!stale) return;
    filledRef.current = null;
    form.setFieldsValue(stale);
  }, [digits, form]);
  // A known caller's details fill the empty fields on their own, once per number.
  useEffect(() => {
    if (!known || !lookupDigits || filledRef.current?.digits === lookupDigits) return;
    const { set, filled } = fillEmpty(callerFields(form), known, lookupDigits);
    filledRef.current = filled;
    form.setFieldsValue(set);
  }, [known, lookupDigits, form]);

  // "Answer with this": cite it, fill the text, and submit once the answer field is on screen.
  const [submitSoon, setSubmitSoon] = useState(0);
  const answerWith = (a: Answer) => {
    setCiting(a);
    form.setFieldsValue({ mode: 'answer', answer: a.body });
    setSubmitSoon((n) => n + 1);
  };
  // Submits with what the form holds when it runs (the effect below only says when).
  const submitAnswer = useEffectEvent(() => {
    // Only the fields an answer needs: the dispatch fields may still be registered this tick.
    form
      .validateFields(['channel', 'kind', 'phone', 'subject', 'name', 'answer'])
      .then(() => submit(form.getFieldsValue(true) as Values))
      .catch(() => undefined); // the form shows what is missing
  });
  useEffect(() => {
    if (submitSoon) submitAnswer();
  }, [submitSoon]);

  const otherError = intake.error && !(intake.error instanceof NextStepError) ? intake.error : null;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card title={t('intake.title')} size="small" extra={<Button onClick={reset}>{t('intake.reset')}</Button>}>
          {lastTicket && !stepError && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('intake.created', { number: lastTicket.number })}
              action={<Link to={`/tickets/${lastTicket.id}`}>{t('intake.open')}</Link>}
              data-testid="intake-created"
            />
          )}
          {stepError && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('intake.createdNotDispatched', { number: stepError.ticket.number })}
              description={<ErrorText error={stepError.cause} />}
              action={<Link to={`/tickets/${stepError.ticket.id}`}>{t('intake.open')}</Link>}
            />
          )}
          {otherError && <ErrorAlert error={otherError} />}
          <ConfigProvider theme={{ components: { Form: { itemMarginBottom: 12, verticalLabelPadding: '0 0 4px' } } }}>
            <Form<Values> form={form} layout="vertical" initialValues={INITIAL} onFinish={submit} requiredMark="optional">
              <Row gutter={12}>
                <Col xs={12} sm={6}>
                  <Form.Item name="channel" label={t('ticket.channel')} rules={[{ required: true, message: t('field.required') }]}>
                    <Select options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={6}>
                  <Form.Item name="kind" label={t('ticket.kind')} rules={[{ required: true, message: t('field.required') }]}>
                    <Select options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="phone"
                    label={t('ticket.phone')}
                    rules={[
                      { required: true, whitespace: true, message: t('field.required') },
                      {
                        // What the API would refuse, said before sending (on leaving the field, and on submit).
                        validator: (_, value: string | undefined) => {
                          const problem = value?.trim() ? phoneProblem(value) : null;
                          return problem ? Promise.reject(new Error(describeFieldMessage(problem, t))) : Promise.resolve();
                        },
                      },
                    ]}
                    validateTrigger="onBlur"
                    tooltip="Alt+P"
                  >
                    <Input ref={phoneRef} autoFocus inputMode="tel" autoComplete="off" data-testid="intake-phone" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="subject" label={t('ticket.subject')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="description" label={t('ticket.description')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={10000} />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={8}>
                  <Form.Item name="name" label={t('ticket.customerName')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={8}>
                  <Form.Item name="address" label={t('ticket.address')}>
                    <Input maxLength={300} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={8}>
                  <Form.Item name="unit" label={t('ticket.unit')}>
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="incident" valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox data-testid="intake-incident">{t('intake.incident')}</Checkbox>
              </Form.Item>
              <Form.Item name="mode" label={t('intake.outcome')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={[
                    { value: 'dispatch', label: t('intake.mode.dispatch') },
                    { value: 'answer', label: t('intake.mode.answer') },
                  ]}
                />
              </Form.Item>
              {mode === 'answer' ? (
                <>
                  {citing && (
                    <Alert
                      type="info"
                      showIcon
                      style={{ marginBottom: 8 }}
                      title={t('intake.answers.citing', { title: citing.title })}
                      action={
                        <Button size="small" onClick={() => setCiting(null)}>
                          {t('intake.answers.stopCiting')}
                        </Button>
                      }
                      data-testid="intake-citing"
                    />
                  )}
                  <Form.Item
                    name="answer"
                    label={t('form.answer')}
                    rules={[{ required: true, whitespace: true, message: t('field.required') }]}
                  >
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={10000} />
                  </Form.Item>
                </>
              ) : (
                <>
                  <Row gutter={12}>
                    <Col xs={24} sm={7}>
                      <Form.Item
                        name="department_id"
                        label={t('form.department')}
                        rules={[{ required: true, message: t('field.required') }]}
                      >
                        <Select
                          showSearch={{ optionFilterProp: 'label' }}
                          loading={departments.isLoading}
                          options={activeDepartments.map((d) => ({ value: d.id, label: d.name }))}
                          data-testid="intake-department"
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={17}>
                      <Form.Item
                        name="urgency"
                        label={t('form.urgency')}
                        rules={[{ required: true, message: t('field.required') }]}
                        extra={
                          <span data-testid="intake-due">
                            <ResponseDue tier={urgency} />
                          </span>
                        }
                      >
                        <Radio.Group
                          optionType="button"
                          size="small"
                          options={URGENCIES.map((u) => ({ value: u, label: urgencyLabel(u) }))}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item name="note" label={t('form.note')}>
                    <Input maxLength={2000} />
                  </Form.Item>
                </>
              )}
              <Flex gap={12} align="center" wrap>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={intake.isPending}
                  data-testid="intake-submit"
                >
                  {mode === 'answer' ? t('intake.submit.answer') : t('intake.submit.dispatch')}
                </Button>
                <Typography.Text type="secondary">
                  <span className="sb-kbd">Enter</span> / <span className="sb-kbd">Ctrl+Enter</span>
                </Typography.Text>
              </Flex>
            </Form>
          </ConfigProvider>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title={t('intake.answers.title')} size="small" style={{ marginBottom: 16 }} data-testid="intake-answers">
          {subject.length < 2 ? (
            <Typography.Text type="secondary">{t('intake.answers.hint')}</Typography.Text>
          ) : answersTyping || answers.isFetching ? (
            <Typography.Text type="secondary">{t('intake.answers.searching')}</Typography.Text>
          ) : answers.error ? (
            <ErrorAlert error={answers.error} />
          ) : !answers.data?.length ? (
            <Typography.Text type="secondary">{t('intake.answers.none')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={answers.data}
              renderItem={(a) => (
                <List.Item data-answer={a.title}>
                  <Space orientation="vertical" size={0} style={{ width: '100%', minWidth: 0 }}>
                    <Typography.Text strong>{a.title}</Typography.Text>
                    <Space size={4} wrap>
                      <Tag>{a.unit ?? t('answers.everySite')}</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {a.department_name} · {t('answers.useCount')} {a.use_count}
                      </Typography.Text>
                    </Space>
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: a.body }} style={{ margin: 0, fontSize: 12 }}>
                      {a.body}
                    </Typography.Paragraph>
                    <Button size="small" type="primary" ghost onClick={() => answerWith(a)} loading={intake.isPending && citing?.id === a.id} style={{ marginTop: 4 }}>
                      {t('intake.answers.use')}
                    </Button>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
        <Card title={t('intake.caller')} size="small" style={{ marginBottom: 16 }} data-testid="caller-lookup">
          {phoneDigits(phone).length < 7 ? (
            <Typography.Text type="secondary">{t('intake.lookup.hint')}</Typography.Text>
          ) : typing || lookup.isFetching ? (
            <Typography.Text type="secondary">{t('intake.lookup.searching')}</Typography.Text>
          ) : lookup.error ? (
            <ErrorAlert error={lookup.error} />
          ) : known ? (
            <>
              <Alert
                type="warning"
                showIcon
                title={t('intake.lookup.known', { name: known.name, count: known.tickets.length })}
                action={
                  <Button size="small" onClick={fillFromLookup}>
                    {t('intake.lookup.use')}
                  </Button>
                }
                style={{ marginBottom: 8 }}
              />
              <List
                size="small"
                dataSource={known.tickets}
                renderItem={(tk) => (
                  <List.Item>
                    <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                      <Space>
                        <Link to={`/tickets/${tk.id}`} target="_blank">
                          {tk.number}
                        </Link>
                        <StatusTag status={tk.status} />
                        <Typography.Text type="secondary">{t(`kind.${tk.kind}`)}</Typography.Text>
                      </Space>
                      <Typography.Text ellipsis>{tk.subject}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {dateTime(tk.created_at)}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </>
          ) : (
            <Alert type="info" showIcon title={t('intake.lookup.new')} />
          )}
        </Card>
        <Card title={t('app.shortcuts')} size="small">
          <Space orientation="vertical" size={4}>
            <span>{t('intake.shortcutNew')}</span>
            <span>{t('intake.shortcutFocusPhone')}</span>
            <span>{t('intake.shortcutTier')}</span>
            <span>{t('intake.shortcutSubmit')}</span>
          </Space>
        </Card>
      </Col>
    </Row>
  );
}

function ErrorText({ error }: { error: unknown }) {
  const { t } = useI18n();
  return <>{describeError(error, t)}</>;
}
