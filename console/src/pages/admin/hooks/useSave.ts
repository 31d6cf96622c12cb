/**
 * Saving an administrator's change: the form's values go to the API; a refusal is shown above the form
 * (in Chinese, naming the field) and beside each field it names. What was saved is read again.
 */
import { Form, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { ApiProblem } from '../../../api/client';
import { queryClient } from '../../../hooks';

/** The form field an API error names: `body.contact.dutyPhone` → ['contact', 'dutyPhone'] (list items: the list). */
export const formFieldOf = (apiField: string): string[] =>
  apiField
    .replace(/^(body|query)\./, '')
    .split('.')
    .filter((segment) => !/^\d+$/.test(segment));

export function useSave(form: FormInstance, opts: { onSaved: () => void; fieldOf?: (apiField: string) => string[] }) {
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      // Every admin screen reads under ['admin', …], every screen's names under ['lookups']: a change shows
      // wherever it is listed or named.
      await Promise.all(['admin', 'lookups'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
      opts.onSaved();
    } catch (err) {
      setError(err as Error);
      if (err instanceof ApiProblem) {
        const fieldOf = opts.fieldOf ?? formFieldOf;
        form.setFields((err.problem.errors ?? []).map((e) => ({ name: fieldOf(e.field), errors: [e.message] })));
      }
    } finally {
      setBusy(false);
    }
  };
  return { save, busy, error, clearError: () => setError(null) };
}

/**
 * An edit form that starts afresh each time another item is opened (`opened`), filled by `fill`, and saves
 * as above.
 */
export function useEditForm<V>(
  opened: unknown,
  fill: (form: FormInstance<V>) => void,
  opts: { onSaved: () => void; fieldOf?: (apiField: string) => string[] },
) {
  const [form] = Form.useForm<V>();
  const saving = useSave(form, opts);
  useEffect(() => {
    form.resetFields();
    saving.clearError();
    fill(form);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- afresh only when another item is opened
  }, [opened]);
  return { form, ...saving };
}
