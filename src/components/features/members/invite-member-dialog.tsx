'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import { UserPlusIcon } from 'lucide-react';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { ROLE_LABELS, type TRole } from '@/lib/auth/permissions';
import { ZInviteMember, type TInviteMember } from '@/lib/domain/invitations/schemas';
import { invite } from './api';

const FIELDS = ['email', 'role'] as const;

/** The invite dialog: email and role (only roles the inviter may grant), field errors from the form and the server. */
export const InviteMemberDialog = ({
  practiceId,
  practiceName,
  roles,
  onInvited,
}: {
  practiceId: string;
  practiceName: string;
  /** Roles the signed-in member may grant (canManageRole). */
  roles: readonly TRole[];
  onInvited: () => void;
}) => {
  const [open, setOpen] = React.useState(false);
  const [formError, setFormError] = React.useState<string | null>(null);
  const defaultRole: TRole = roles.includes('front_desk') ? 'front_desk' : (roles[0] ?? 'front_desk');
  const form = useForm<TInviteMember>({ resolver: zodResolver(ZInviteMember), defaultValues: { email: '', role: defaultRole } });

  const onSubmit = async (values: TInviteMember) => {
    setFormError(null);
    const result = await invite(practiceId, values);
    if (result.ok) {
      if (result.value.emailSent) {
        toast.success('Invitation sent', { description: `${values.email} can join as ${ROLE_LABELS[values.role]}.` });
      } else {
        toast.warning('Invitation saved, email not sent', { description: result.value.message });
      }
      form.reset({ email: '', role: defaultRole });
      setOpen(false);
      onInvited();
      return;
    }
    let placed = false;
    for (const field of result.error.fields ?? []) {
      const name = FIELDS.find((candidate) => candidate === field.path);
      if (name !== undefined) {
        form.setError(name, { message: field.message }, { shouldFocus: !placed });
        placed = true;
      }
    }
    if (!placed || result.error.code !== 'VALIDATION_FAILED') {
      setFormError(result.error.message);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setFormError(null);
          form.clearErrors();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlusIcon aria-hidden="true" />
          Invite member
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Invite a member</DialogTitle>
          <DialogDescription>
            We email them a link to join {practiceName}. The link works once and expires after 7 days.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="grid gap-4">
            <FormField
              control={form.control}
              name="email"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Email</FormLabel>
                  <FormControl>
                    <Input type="email" autoComplete="off" autoFocus {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="role"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Role</FormLabel>
                  <Select value={field.value} onValueChange={field.onChange}>
                    <FormControl>
                      <SelectTrigger onBlur={field.onBlur}>
                        <SelectValue />
                      </SelectTrigger>
                    </FormControl>
                    <SelectContent>
                      {roles.map((role) => (
                        <SelectItem key={role} value={role}>
                          {ROLE_LABELS[role]}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <FormDescription>
                    {field.value === 'owner'
                      ? 'Owners can do everything, including managing other owners.'
                      : 'The role decides what they can see and do; you can change it later.'}
                  </FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            {formError !== null && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {formError}
              </p>
            )}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting ? 'Sending…' : 'Send invitation'}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
};
