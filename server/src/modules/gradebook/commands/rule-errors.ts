import { unprocessable } from '../../../platform/errors.ts';
import { GradebookRuleError } from '../rules/types.ts';

/** Runs pure rules for a command: a rule's refusal (GradebookRuleError) becomes a 422 with its code and params. */
export function asRuleErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof GradebookRuleError) throw unprocessable(err.code, err.params);
    throw err;
  }
}
