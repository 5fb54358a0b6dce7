import 'server-only';
import type { ApiMembership } from '@/lib/api/session';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';

export type ChooseActivePracticeOptions = {
  actor: PracticeActor;
  practiceId: string;
};

/**
 * Checks that the actor may make `practiceId` their active practice: an active member there (every
 * role may read its practice). Another practice, one they left, or one that does not exist is
 * NOT_FOUND, so the answer reveals nothing about practices they do not belong to. Not audited: the
 * choice is a display preference and grants nothing (every request is authorized on its own).
 */
export const chooseActivePractice = ({ actor, practiceId }: ChooseActivePracticeOptions): ApiMembership =>
  requirePracticePermission(actor, practiceId, 'practice.read');
