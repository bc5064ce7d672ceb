import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/client';
import { describe } from '../api/problems';
import type { Problem } from '../api/types';
import { Icon } from './Icon';

/** A problem shown to the buyer in words (test id `error-message`, `data-type` = the problem's type). */
export function ErrorMessage({ error, children }: { error: unknown; children?: ComponentChildren }) {
  const problem: Problem = error instanceof ApiError
    ? error.problem
    : { type: 'about:blank', status: 0, title: 'Something went wrong', detail: (error as Error)?.message };
  const words = describe(problem);
  return (
    <div class="notice notice--danger" role="alert" data-testid="error-message" data-type={problem.type}>
      <Icon name="alert" class="notice__icon" />
      <div>
        <p class="notice__title">{words.title}</p>
        {words.detail && <p>{words.detail}</p>}
        {children}
      </div>
    </div>
  );
}

export function Notice({ kind = 'info', title, children, icon = 'info' }:
  { kind?: 'info' | 'warning' | 'success' | 'danger'; title: string; children?: ComponentChildren; icon?: 'info' | 'alert' | 'check' | 'clock' }) {
  return (
    <div class={`notice notice--${kind}`} role={kind === 'warning' ? 'status' : undefined}>
      <Icon name={icon} class="notice__icon" />
      <div>
        <p class="notice__title">{title}</p>
        {children}
      </div>
    </div>
  );
}
