import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useLocation, useNavigate } from 'react-router';
import { cloudApi } from '../api/endpoints';
import { session, type Credentials } from '../api/session';
import { ErrorBox } from '../components/ui';

export default function SignIn() {
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>();
  const { register, handleSubmit, formState } = useForm<Credentials>({ defaultValues: { key: '', secret: '' } });
  const submit = async (c: Credentials) => {
    setError(undefined);
    try {
      await cloudApi(c).environments(); // checks the key before keeping it
      session.signIn(c);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/sign-in' ? from : '/environments', { replace: true });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <main className="signin">
      <form className="card" onSubmit={handleSubmit(submit)} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to connectplane</h1>
        <p className="muted">
          Use a cloud API key and secret (as for the Confluent CLI or Terraform). They stay in this browser tab’s
          session storage and are cleared when you sign out or close the tab.
        </p>
        <label>
          Cloud API key
          <input autoFocus autoComplete="username" {...register('key', { required: 'The API key is required' })} />
        </label>
        {formState.errors.key && <p className="field-error">{formState.errors.key.message}</p>}
        <label>
          Cloud API secret
          <input
            type="password"
            autoComplete="current-password"
            {...register('secret', { required: 'The API secret is required' })}
          />
        </label>
        {formState.errors.secret && <p className="field-error">{formState.errors.secret.message}</p>}
        {error !== undefined && <ErrorBox error={error} title="Sign-in failed" />}
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
