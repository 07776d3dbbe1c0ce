import {
  GetLoginProfileCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import type { ReadContext } from './eks';
import { allPages, mapLimit } from './reads';

/** Users whose facts are read at once (each takes five IAM calls). */
const CONCURRENCY = 3;

export interface IamUserFacts {
  userName: string;
  arn?: string;
  mfaEnabled: boolean;
  hasConsolePassword: boolean;
  attachedPolicies: string[];
  inlinePolicies: string[];
  groups?: string[];
}

/**
 * IAM users with the facts the cloud items judge: MFA, console password, policies on the
 * user rather than a group. The list is reported only when every user's MFA, password
 * and policy facts were read: one unknown user would otherwise look like a compliant one.
 * Group membership is informative only, so a failure there just leaves `groups` out.
 */
export async function readIamUsers(
  ctx: ReadContext,
): Promise<IamUserFacts[] | undefined> {
  const { iam } = ctx.clients;
  const options = { abortSignal: ctx.reads.signal };
  const users = await ctx.reads.attempt('iam:ListUsers', () =>
    allPages(async Marker => {
      const out = await iam.send(new ListUsersCommand({ Marker }), options);
      return {
        items: out.Users,
        next: out.IsTruncated ? out.Marker : undefined,
      };
    }),
  );
  if (!users) return undefined;

  // After a required fact fails once, the list is unknown: stop asking for the rest.
  let incomplete = false;
  let groupsUnreadable = false;
  const facts = await mapLimit(users, CONCURRENCY, async user => {
    if (incomplete) return undefined;
    const UserName = user.UserName!;
    const [mfa, password, attached, inline, groups] = await Promise.all([
      ctx.reads.attempt('iam:ListMFADevices', () =>
        allPages(async Marker => {
          const out = await iam.send(
            new ListMFADevicesCommand({ UserName, Marker }),
            options,
          );
          return {
            items: out.MFADevices,
            next: out.IsTruncated ? out.Marker : undefined,
          };
        }),
      ),
      ctx.reads.attempt(
        'iam:GetLoginProfile',
        async () => {
          await iam.send(new GetLoginProfileCommand({ UserName }), options);
          return true;
        },
        // IAM answers NoSuchEntity for a user without a console password.
        () => false,
      ),
      ctx.reads.attempt('iam:ListAttachedUserPolicies', () =>
        allPages(async Marker => {
          const out = await iam.send(
            new ListAttachedUserPoliciesCommand({ UserName, Marker }),
            options,
          );
          return {
            items: out.AttachedPolicies?.map(p => p.PolicyArn ?? p.PolicyName!),
            next: out.IsTruncated ? out.Marker : undefined,
          };
        }),
      ),
      ctx.reads.attempt('iam:ListUserPolicies', () =>
        allPages(async Marker => {
          const out = await iam.send(
            new ListUserPoliciesCommand({ UserName, Marker }),
            options,
          );
          return {
            items: out.PolicyNames,
            next: out.IsTruncated ? out.Marker : undefined,
          };
        }),
      ),
      groupsUnreadable
        ? undefined
        : ctx.reads.attempt('iam:ListGroupsForUser', () =>
            allPages(async Marker => {
              const out = await iam.send(
                new ListGroupsForUserCommand({ UserName, Marker }),
                options,
              );
              return {
                items: out.Groups?.map(g => g.GroupName!),
                next: out.IsTruncated ? out.Marker : undefined,
              };
            }),
          ),
    ]);
    if (groups === undefined) groupsUnreadable = true;
    if (
      mfa === undefined ||
      password === undefined ||
      attached === undefined ||
      inline === undefined
    ) {
      incomplete = true;
      return undefined;
    }
    const result: IamUserFacts = {
      userName: UserName,
      ...(user.Arn && { arn: user.Arn }),
      mfaEnabled: mfa.length > 0,
      hasConsolePassword: password,
      attachedPolicies: attached,
      inlinePolicies: inline,
      ...(groups && { groups }),
    };
    return result;
  });
  if (facts.some(f => f === undefined)) return undefined;
  return facts as IamUserFacts[];
}
