import { Suspense } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { session } from '../api/session';
import { Loading } from './ui';

export function Layout() {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const cloud = session.cloud();
  if (!cloud) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  const signOut = () => {
    session.signOut();
    queryClient.clear();
    navigate('/sign-in', { replace: true });
  };
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/environments" className="brand">
          connectplane
        </Link>
        <nav aria-label="Organization">
          <NavLink to="/environments">Environments</NavLink>
          <NavLink to="/api-keys">API keys</NavLink>
          <NavLink to="/service-accounts">Service accounts</NavLink>
        </nav>
        <span className="who" title="Signed in with this cloud API key">
          {cloud.key}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="page">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
