import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../api/client.ts';

/** The translated message of a failed call: the server's title, or the shell's wording. */
export function useProblemText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (isApiProblem(error)) {
      if (error.kind === 'network') return t('state.unreachableTitle');
      if (error.kind === 'unexpected') return t('state.unexpectedResponse', { status: error.status });
      return error.title;
    }
    return t('state.errorTitle');
  };
}

/**
 * An inline error of a form or an action (role="alert": read out at once). With `onlyIfNoFields`
 * it stays silent when the problem carries field errors, which the form shows on its fields.
 */
export function ProblemAlert({ error, onlyIfNoFields }: { error: unknown; onlyIfNoFields?: boolean }) {
  const text = useProblemText();
  if (!error) return null;
  const fieldErrors = isApiProblem(error) ? error.errors : [];
  if (onlyIfNoFields && fieldErrors.length > 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="form-error"
      title={text(error)}
      description={
        fieldErrors.length > 0 && !onlyIfNoFields ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {fieldErrors.map((e) => (
              <li key={`${e.path}:${e.code}`}>{e.message}</li>
            ))}
          </ul>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
