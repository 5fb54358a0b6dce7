import { z } from 'zod';
import { ZRole } from '@/lib/auth/permissions';
import { ZPracticeParams, ZUuid } from '@/lib/domain/practices/schemas';

/** Route segments naming a member of a practice; a malformed id names nothing (404). */
export const ZMemberParams = ZPracticeParams.extend({ userId: ZUuid });

/** Body of PATCH /api/v1/practices/[practiceId]/members/[userId]. */
export const ZChangeMemberRole = z.strictObject({ role: ZRole });
export type TChangeMemberRole = z.infer<typeof ZChangeMemberRole>;
