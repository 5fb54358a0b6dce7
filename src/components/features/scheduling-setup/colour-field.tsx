'use client';

import { CheckIcon } from 'lucide-react';
import * as React from 'react';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';

import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/utils/cn';

import { colourName, isHardToReadOn, PALETTE } from './colours';

/** A small square of a colour, with its name beside it for those who cannot tell colours apart. */
export const ColourSwatch = ({ hex, withName = false }: { hex: string; withName?: boolean }) => (
  <span className="inline-flex items-center gap-2">
    <span aria-hidden="true" className="inline-block size-4 shrink-0 rounded-sm border border-foreground/20" style={{ backgroundColor: hex }} />
    {withName ? <span>{colourName(hex)}</span> : <span className="sr-only">{colourName(hex)}</span>}
  </span>
);

type ColourFieldProps<T extends FieldValues> = { control: Control<T>; name: FieldPath<T> };

/**
 * A display colour: one of the palette's colours (radio buttons, arrow keys move between them) or
 * any hex code typed in. Warns when white text would be hard to read on it.
 */
export const ColourField = <T extends FieldValues>({ control, name }: ColourFieldProps<T>) => {
  const group = React.useId();
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => {
        const value = typeof field.value === 'string' ? field.value : '';
        return (
          <FormItem>
            <fieldset className="grid gap-2">
              <legend className="mb-2 text-sm font-medium">Colour</legend>
              <div className="flex flex-wrap gap-2">
                {PALETTE.map((colour) => (
                  <label key={colour.hex} className="relative cursor-pointer" title={colour.name}>
                    <input
                      type="radio"
                      className="peer sr-only"
                      name={group}
                      value={colour.hex}
                      checked={value.toLowerCase() === colour.hex}
                      onChange={() => field.onChange(colour.hex)}
                    />
                    <span
                      aria-hidden="true"
                      className={cn(
                        'flex size-8 items-center justify-center rounded-md border border-foreground/20 text-white',
                        'peer-focus-visible:ring-2 peer-focus-visible:ring-ring peer-focus-visible:ring-offset-2 peer-checked:ring-2 peer-checked:ring-foreground peer-checked:ring-offset-2',
                      )}
                      style={{ backgroundColor: colour.hex }}
                    >
                      {value.toLowerCase() === colour.hex ? <CheckIcon className="size-4" /> : null}
                    </span>
                    <span className="sr-only">{colour.name}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="flex items-center gap-2">
              <FormLabel className="shrink-0">Hex code</FormLabel>
              <FormControl>
                <Input autoComplete="off" spellCheck={false} maxLength={7} className="w-32 font-mono" {...field} value={value} />
              </FormControl>
              <span
                aria-hidden="true"
                className="inline-block size-8 shrink-0 rounded-md border border-foreground/20"
                style={{ backgroundColor: /^#[0-9a-f]{6}$/i.test(value) ? value : 'transparent' }}
              />
            </div>
            <FormDescription>
              {isHardToReadOn(value)
                ? 'This colour is light: white text on the calendar will be hard to read. A darker colour works better.'
                : 'Shown on the calendar, always together with the name.'}
            </FormDescription>
            <FormMessage />
          </FormItem>
        );
      }}
    />
  );
};
