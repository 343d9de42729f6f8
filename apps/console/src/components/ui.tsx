import { useEffect, useRef, useState, type ReactNode } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

/** An error as the API said it (never a blank page). */
export function ErrorBox({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error" role="alert">
      <strong>{title}</strong>
      <div>{message}</div>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function RouteError() {
  const err = useRouteError();
  const msg = isRouteErrorResponse(err)
    ? `${err.status} ${err.statusText}`
    : err instanceof Error
      ? err.message
      : String(err);
  return (
    <main className="page">
      <ErrorBox error={msg} title="This page could not be shown" />
      <Link to="/environments">Back to environments</Link>
    </main>
  );
}

/** A confirmation before a delete: the user types the name (as Confluent's console asks). */
export function ConfirmDelete({
  what,
  name,
  onConfirm,
  label = 'Delete',
}: {
  what: string;
  name: string;
  onConfirm: () => Promise<unknown> | void;
  label?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const open = () => {
    setTyped('');
    setError(undefined);
    ref.current?.showModal();
  };
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
      ref.current?.close();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="danger" onClick={open}>
        {label}
      </button>
      <dialog ref={ref} aria-labelledby="confirm-title">
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed === name) void confirm();
          }}
        >
          <h2 id="confirm-title">
            Delete {what} {name}?
          </h2>
          <p>This cannot be undone. Type the name to confirm.</p>
          <label>
            Name
            <input
              autoFocus
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-label="Type the name to confirm"
            />
          </label>
          {error !== undefined && <ErrorBox error={error} title="Delete failed" />}
          <div className="actions">
            <button type="button" onClick={() => ref.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="danger" disabled={typed !== name || busy}>
              {busy ? 'Deleting…' : `Delete ${what}`}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

export function CopyButton({ text }: { text: string }) {
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!done) return;
    const t = setTimeout(() => setDone(false), 1500);
    return () => clearTimeout(t);
  }, [done]);
  return (
    <button
      type="button"
      className="small"
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(
          () => setDone(true),
          () => setDone(false),
        )
      }
      aria-label={`Copy ${text}`}
    >
      {done ? 'Copied' : 'Copy'}
    </button>
  );
}

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge state-${state.toLowerCase()}`}>{state}</span>;
}

export function Tabs({ tabs, current, onChange }: { tabs: string[]; current: string; onChange: (t: string) => void }) {
  return (
    <div role="tablist" className="tabs">
      {tabs.map((t) => (
        <button
          key={t}
          role="tab"
          type="button"
          aria-selected={t === current}
          className={t === current ? 'tab active' : 'tab'}
          onClick={() => onChange(t)}
        >
          {t}
        </button>
      ))}
    </div>
  );
}
