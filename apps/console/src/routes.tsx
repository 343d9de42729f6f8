// Every page is its own chunk (route-level code splitting): the first load is the shell and sign-in.
import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './components/Layout';
import { RouteError } from './components/ui';

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

const CL = 'environments/:env/clusters/:lkc';

export const router = createBrowserRouter(
  [
    { path: 'sign-in', lazy: page(() => import('./pages/SignIn')), errorElement: <RouteError /> },
    {
      path: '/',
      element: <Layout />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <Navigate to="/environments" replace /> },
        { path: 'environments', lazy: page(() => import('./pages/Environments')) },
        { path: 'environments/:env', lazy: page(() => import('./pages/Clusters')) },
        { path: 'environments/:env/schema-registry', lazy: page(() => import('./pages/Subjects')) },
        {
          path: 'environments/:env/schema-registry/subjects/:subject',
          lazy: page(() => import('./pages/SubjectPage')),
        },
        {
          path: CL,
          lazy: page(() => import('./pages/ClusterLayout')),
          children: [
            { index: true, lazy: page(() => import('./pages/ClusterOverview')) },
            { path: 'topics', lazy: page(() => import('./pages/Topics')) },
            { path: 'topics/:topic', lazy: page(() => import('./pages/TopicPage')) },
            { path: 'connectors', lazy: page(() => import('./pages/Connectors')) },
            { path: 'connectors/new', lazy: page(() => import('./pages/Catalogue')) },
            { path: 'connectors/new/:plugin', lazy: page(() => import('./pages/Wizard')) },
            { path: 'connectors/:name', lazy: page(() => import('./pages/ConnectorPage')) },
          ],
        },
        { path: 'api-keys', lazy: page(() => import('./pages/ApiKeys')) },
        { path: 'service-accounts', lazy: page(() => import('./pages/ServiceAccounts')) },
        { path: '*', lazy: page(() => import('./pages/NotFound')) },
      ],
    },
  ],
  { basename: '/console' },
);
