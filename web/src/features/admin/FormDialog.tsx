// The admin tabs' dialog: a form in a modal that saves through one mutation. The fields are
// checked first; a refusal shows above the form and its field errors under the fields (as
// `formFieldErrors` maps them); a save says so (when given a message) and closes.

import { App, Form, Modal, type FormInstance, type FormProps } from 'antd';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { formFieldErrors } from '../../lib/errors';

export interface FormDialogProps<Values, Result> {
  title: ReactNode;
  form: FormInstance<Values>;
  initialValues?: FormProps<Values>['initialValues'];
  /** The mutation that saves, for its pending state and its error. */
  mutation: { isPending: boolean; error: unknown };
  /** Saves the checked values: the mutation's `mutateAsync`. */
  onSubmit: (values: Values) => Promise<Result>;
  /** What to do with the saved result before the dialog closes. */
  onSaved?: (result: Result) => void;
  /** Shown once saved. */
  savedMessage?: string;
  onClose: () => void;
  /** API field → form field, where their names differ. */
  fieldMap?: Record<string, (string | number)[]>;
  okText?: string;
  okDisabled?: boolean;
  width?: number;
  children: ReactNode;
}

export function FormDialog<Values, Result = unknown>({
  title,
  form,
  initialValues,
  mutation,
  onSubmit,
  onSaved,
  savedMessage,
  onClose,
  fieldMap,
  okText,
  okDisabled,
  width,
  children,
}: FormDialogProps<Values, Result>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = async (values: Values) => {
    let result: Result;
    try {
      result = await onSubmit(values);
    } catch (e) {
      form.setFields(formFieldErrors<Values>(e, t, fieldMap));
      return; // the mutation's error shows above the form
    }
    onSaved?.(result);
    if (savedMessage) void message.success(savedMessage);
    onClose();
  };
  return (
    <Modal
      open
      title={title}
      width={width}
      okText={okText ?? t('app.save')}
      cancelText={t('app.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      okButtonProps={{ disabled: okDisabled }}
      destroyOnHidden
    >
      <ErrorAlert error={mutation.error} />
      {/* Named, so that its fields' ids (`dialog_name`) differ from those of a form on the tab. */}
      <Form<Values> form={form} name="dialog" layout="vertical" initialValues={initialValues} onFinish={(v) => void save(v)}>
        {children}
        {/* Enter in any field submits. */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
