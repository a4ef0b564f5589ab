/**
 * Every rule Shipshape ships, in documentation order. A meta test fails when a rule file exists
 * that is not listed here, or when a listed rule lacks tests or docs.
 */
import type { Rule } from '../engine/rule';
import dockerfileNoLatestTag from './dockerfile/no-latest-tag';
import dockerfileNoRootUser from './dockerfile/no-root-user';
import dockerfilePreferCopyOverAdd from './dockerfile/prefer-copy-over-add';
import dockerfileValidSyntax from './dockerfile/valid-syntax';
import kubernetesNoLatestTag from './kubernetes/no-latest-tag';
import kubernetesNoPrivilegedContainer from './kubernetes/no-privileged-container';
import kubernetesRequireResourceLimits from './kubernetes/require-resource-limits';
import kubernetesValidSchema from './kubernetes/valid-schema';

export const allRules: Rule[] = [
  dockerfileValidSyntax,
  dockerfileNoLatestTag,
  dockerfileNoRootUser,
  dockerfilePreferCopyOverAdd,
  kubernetesValidSchema,
  kubernetesNoLatestTag,
  kubernetesNoPrivilegedContainer,
  kubernetesRequireResourceLimits,
] as Rule[];
