import { clsx, type ClassValue } from 'clsx';
import { twMerge } from 'tailwind-merge';

/**
 * Joins class names and lets later Tailwind utilities override earlier ones, so a component's
 * defaults can be overridden with `className` (e.g. `cn('px-4', 'px-2')` → `'px-2'`).
 */
export const cn = (...inputs: ClassValue[]): string => twMerge(clsx(inputs));
