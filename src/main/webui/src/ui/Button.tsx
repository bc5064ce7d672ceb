import type { ComponentChildren, JSX } from 'preact';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';

interface Props extends Omit<JSX.HTMLAttributes<HTMLButtonElement>, 'loading'> {
  variant?: Variant;
  size?: 'md' | 'lg';
  block?: boolean;
  loading?: boolean;
  disabled?: boolean;
  type?: 'button' | 'submit';
  children: ComponentChildren;
}

/** The one button: variants for importance, a spinner while its action runs (and no second click meanwhile). */
export function Button({ variant = 'primary', size = 'md', block, loading, disabled, type = 'button', children, class: cls, ...rest }: Props) {
  const classes = ['btn', `btn--${variant}`, size === 'lg' && 'btn--lg', block && 'btn--block', cls].filter(Boolean).join(' ');
  return (
    <button type={type} class={classes} disabled={disabled || loading} aria-busy={loading || undefined} {...rest}>
      {loading && <span class="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
