import type { Metadata } from 'next';

import { SignUpForm } from '@/components/features/identity/sign-up-form';

export const metadata: Metadata = { title: 'Create your practice' };

export default function SignUpPage() {
  return <SignUpForm />;
}
