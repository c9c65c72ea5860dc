import { findPersonalIdentifiers } from '../../personal-data/personal-identifier';
import { textProblem } from '../../shared/text-rules';
import type { Environment } from './projections-environment';

/** A login name: what USER holds on any host an operator runs the CLI on. */
const LOGIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/;

/**
 * The principal the CLI records as the actor of what it writes and the reader of what it exports:
 * `cli:<USER>`, or `cli:operator` without USER. It enters immutable events and the access log, so
 * a USER that is not a login name, or that holds a 身份证号 or a mobile number (hosts that name their
 * accounts by them exist), is refused with the rule, and without echoing the value.
 */
export const cliPrincipalOf = (env: Environment): { readonly principal: string } | { readonly problem: string } => {
  const user = env.USER?.trim() || 'operator';
  const problem =
    !LOGIN_NAME.test(user) || textProblem(user) !== null
      ? 'must be a login name (letters, digits, _ . @ -, at most 64)'
      : findPersonalIdentifiers(user).length > 0
        ? 'must not hold a 身份证号 or a mobile number'
        : null;
  if (problem === null) return { principal: `cli:${user}` };
  return { problem: `USER ${problem}: the CLI records it as the actor of what it writes (run with USER=<login name>)` };
};
