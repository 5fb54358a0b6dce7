'use client';

import { Slot } from 'radix-ui';
import * as React from 'react';
import {
  Controller,
  FormProvider,
  useFormContext,
  useFormState,
  type ControllerProps,
  type FieldPath,
  type FieldValues,
} from 'react-hook-form';

import { cn } from '@/lib/utils/cn';

import { Label } from './label';

/**
 * React Hook Form bindings (shadcn/ui pattern). A field is wired for assistive technology without
 * any ids written by hand:
 *
 * ```tsx
 * const form = useForm<TCreatePatient>({ resolver: zodResolver(ZCreatePatient) });
 * <Form {...form}>
 *   <form onSubmit={form.handleSubmit(onSubmit)} noValidate>
 *     <FormField control={form.control} name="familyName" render={({ field }) => (
 *       <FormItem>
 *         <FormLabel>Family name</FormLabel>
 *         <FormControl><Input autoComplete="off" {...field} /></FormControl>
 *         <FormDescription>As printed on the patient's ID.</FormDescription>
 *         <FormMessage />
 *       </FormItem>
 *     )} />
 *   </form>
 * </Form>
 * ```
 *
 * `FormControl` gives the control its `id`, `aria-invalid` and an `aria-describedby` that lists the
 * description and, once there is one, the error message; `FormLabel` points at that `id`.
 */
export const Form = FormProvider;

type FormFieldContextValue<
  TFieldValues extends FieldValues = FieldValues,
  TName extends FieldPath<TFieldValues> = FieldPath<TFieldValues>,
> = { name: TName };

const FormFieldContext = React.createContext<FormFieldContextValue | null>(null);

/** A `react-hook-form` `Controller` that also tells the parts below which field they belong to. */
export const FormField = <
  TFieldValues extends FieldValues = FieldValues,
  TName extends FieldPath<TFieldValues> = FieldPath<TFieldValues>,
>(
  props: ControllerProps<TFieldValues, TName>,
) => (
  <FormFieldContext.Provider value={{ name: props.name }}>
    <Controller {...props} />
  </FormFieldContext.Provider>
);

type FormItemContextValue = {
  id: string;
  /** Whether a FormDescription is mounted: aria-describedby must only name elements that exist. */
  hasDescription: boolean;
  setHasDescription: (present: boolean) => void;
};

const FormItemContext = React.createContext<FormItemContextValue | null>(null);

/** The field's ids and state, for custom controls that cannot use `FormControl`. */
export const useFormField = () => {
  const fieldContext = React.useContext(FormFieldContext);
  const itemContext = React.useContext(FormItemContext);
  const { getFieldState } = useFormContext();
  // Subscribing to this field only keeps a keystroke elsewhere from re-rendering it.
  const formState = useFormState({ name: fieldContext?.name });

  if (!fieldContext || !itemContext) {
    throw new Error('useFormField must be used inside <FormField> and <FormItem>');
  }
  const fieldState = getFieldState(fieldContext.name, formState);
  const { id, hasDescription, setHasDescription } = itemContext;

  return {
    id,
    hasDescription,
    setHasDescription,
    name: fieldContext.name,
    formItemId: `${id}-form-item`,
    formDescriptionId: `${id}-form-item-description`,
    formMessageId: `${id}-form-item-message`,
    ...fieldState,
  };
};

/** One label + control + help + error group. */
export const FormItem = ({ className, ...props }: React.ComponentProps<'div'>) => {
  const id = React.useId();
  const [hasDescription, setHasDescription] = React.useState(false);
  const value = React.useMemo(() => ({ id, hasDescription, setHasDescription }), [id, hasDescription]);
  return (
    <FormItemContext.Provider value={value}>
      <div data-slot="form-item" className={cn('grid gap-2', className)} {...props} />
    </FormItemContext.Provider>
  );
};

export const FormLabel = ({ className, ...props }: React.ComponentProps<typeof Label>) => {
  const { error, formItemId } = useFormField();
  return (
    <Label
      data-slot="form-label"
      data-error={Boolean(error)}
      className={cn('data-[error=true]:text-destructive', className)}
      htmlFor={formItemId}
      {...props}
    />
  );
};

/** Wraps exactly one control element and passes the accessibility wiring to it. */
export const FormControl = (props: React.ComponentProps<typeof Slot.Root>) => {
  const { error, formItemId, formDescriptionId, formMessageId, hasDescription } = useFormField();
  const describedBy = [hasDescription ? formDescriptionId : null, error ? formMessageId : null]
    .filter(Boolean)
    .join(' ');

  return (
    <Slot.Root
      data-slot="form-control"
      id={formItemId}
      aria-describedby={describedBy || undefined}
      aria-invalid={Boolean(error)}
      {...props}
    />
  );
};

export const FormDescription = ({ className, ...props }: React.ComponentProps<'p'>) => {
  const { formDescriptionId, setHasDescription } = useFormField();
  React.useEffect(() => {
    setHasDescription(true);
    return () => setHasDescription(false);
  }, [setHasDescription]);
  return (
    <p
      data-slot="form-description"
      id={formDescriptionId}
      className={cn('text-sm text-muted-foreground', className)}
      {...props}
    />
  );
};

/**
 * The field's validation message (or `children` when there is no error). Its id is referenced by
 * the control's `aria-describedby`, so a screen reader reads it when the field is focused, which
 * `handleSubmit` does for the first invalid field.
 */
export const FormMessage = ({ className, children, ...props }: React.ComponentProps<'p'>) => {
  const { error, formMessageId } = useFormField();
  const body = error ? String(error.message ?? '') : children;
  if (!body) {
    return null;
  }
  return (
    <p
      data-slot="form-message"
      id={formMessageId}
      className={cn('text-sm font-medium text-destructive', className)}
      {...props}
    >
      {body}
    </p>
  );
};
