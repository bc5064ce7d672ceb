import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client';
import { session } from './session';
import { Button } from '../ui/Button';
import { ErrorMessage } from '../ui/ErrorMessage';
import { usePageFocus } from '../ui/hooks';
import './login.css';

/** Only paths of this app: never send a buyer to another site after logging in. */
const safeNext = (next?: string) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export function LoginPage() {
  const { query, route } = useLocation();
  const [mode, setMode] = useState<'login' | 'register'>(query.mode === 'register' ? 'register' : 'login');
  const title = mode === 'login' ? 'Log in' : 'Create your account';
  const heading = usePageFocus<HTMLHeadingElement>(title);
  const done = () => route(safeNext(query.next), true);
  return (
    <div class="page login">
      <div class="card login__card">
        <div class="card__body stack">
          <h1 ref={heading} tabIndex={-1} class="login__title">{title}</h1>
          <p class="muted small">
            {query.next?.startsWith('/events/') || query.next?.startsWith('/queue/')
              ? 'Log in to hold seats and check out. Your place on the page is kept.'
              : 'Your tickets and orders, on any device.'}
          </p>
          <div class="tabs" role="tablist" aria-label="Account">
            <button type="button" role="tab" class="tabs__tab" aria-selected={mode === 'login'} onClick={() => setMode('login')}>Log in</button>
            <button type="button" role="tab" class="tabs__tab" aria-selected={mode === 'register'} onClick={() => setMode('register')}>Register</button>
          </div>
          {mode === 'login' ? <LoginForm onDone={done} /> : <RegisterForm onDone={done} />}
        </div>
      </div>
    </div>
  );
}

async function signIn(email: string, password: string) {
  const token = await api.auth.login(email.trim(), password);
  session.signIn(token.accessToken);
}

/** A form's submit: runs `action` with a spinner meanwhile, shows its problem if it fails, else calls `onDone`. */
function useSubmit(onDone: () => void, action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

function LoginForm({ onDone }: { onDone: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(onDone, () => signIn(email, password));
  return (
    <form class="stack" onSubmit={submit}>
      {error !== undefined && <ErrorMessage error={error} />}
      <label class="field">
        <span class="field__label">E-mail</span>
        <input class="input" type="email" autocomplete="username" required value={email} data-testid="login-email"
          onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        <span class="field__label">Password</span>
        <input class="input" type="password" autocomplete="current-password" required value={password} data-testid="login-password"
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      </label>
      <Button type="submit" size="lg" block loading={busy} data-testid="login-submit">Log in</Button>
    </form>
  );
}

function RegisterForm({ onDone }: { onDone: () => void }) {
  const [form, setForm] = useState({ email: '', password: '', displayName: '', role: 'attendee' as 'attendee' | 'organizer' });
  const set = (field: keyof typeof form) => (e: Event) => setForm({ ...form, [field]: (e.target as HTMLInputElement).value });
  const { busy, error, submit } = useSubmit(onDone, async () => {
    await api.auth.register({ ...form, email: form.email.trim(), displayName: form.displayName.trim(),
      role: form.role === 'organizer' ? 'ORGANIZER' : 'ATTENDEE' });
    await signIn(form.email, form.password);
  });
  return (
    <form class="stack" onSubmit={submit}>
      {error !== undefined && <ErrorMessage error={error} />}
      <label class="field">
        <span class="field__label">Your name</span>
        <input class="input" autocomplete="name" required maxLength={100} value={form.displayName} data-testid="register-name" onInput={set('displayName')} />
      </label>
      <label class="field">
        <span class="field__label">E-mail</span>
        <input class="input" type="email" autocomplete="email" required value={form.email} data-testid="register-email" onInput={set('email')} />
      </label>
      <label class="field">
        <span class="field__label">Password</span>
        <input class="input" type="password" autocomplete="new-password" required minLength={8} maxLength={72}
          value={form.password} data-testid="register-password" onInput={set('password')} aria-describedby="password-hint" />
        <span class="field__hint" id="password-hint">At least 8 characters.</span>
      </label>
      <label class="field">
        <span class="field__label">I am</span>
        <select class="select" value={form.role} data-testid="register-role" onChange={set('role')}>
          <option value="attendee">Attendee: buying tickets</option>
          <option value="organizer">Organizer: selling tickets</option>
        </select>
      </label>
      <Button type="submit" size="lg" block loading={busy} data-testid="register-submit">Create account</Button>
    </form>
  );
}
