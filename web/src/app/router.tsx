// The routes, each with the roles that may open it. Feature screens load on demand, so
// the first load carries the shell and sign-in only (and the charts never, unless opened).

import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './AppLayout';
import { HomeRedirect, NotFoundPage } from './pages';
import { RequireRole, RequireSession } from './RequireAuth';

export const router = createBrowserRouter([
  { path: '/login', lazy: async () => ({ Component: (await import('../features/auth/LoginPage')).LoginPage }) },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <HomeRedirect /> },
          {
            element: <RequireRole screen="intake" />,
            children: [{ path: 'intake', lazy: async () => ({ Component: (await import('../features/intake/IntakePage')).IntakePage }) }],
          },
          {
            element: <RequireRole screen="queue" />,
            children: [{ path: 'queue', lazy: async () => ({ Component: (await import('../features/queue/QueuePage')).QueuePage }) }],
          },
          {
            element: <RequireRole screen="ticket" />,
            children: [
              { path: 'tickets/:id', lazy: async () => ({ Component: (await import('../features/ticket/TicketPage')).TicketPage }) },
            ],
          },
          {
            element: <RequireRole screen="inbox" />,
            children: [{ path: 'inbox', lazy: async () => ({ Component: (await import('../features/inbox/InboxPage')).InboxPage }) }],
          },
          {
            element: <RequireRole screen="callbacks" />,
            children: [
              { path: 'callbacks', lazy: async () => ({ Component: (await import('../features/callbacks/CallbacksPage')).CallbacksPage }) },
            ],
          },
          {
            element: <RequireRole screen="handovers" />,
            children: [
              { path: 'handovers', lazy: async () => ({ Component: (await import('../features/handovers/HandoversPage')).HandoversPage }) },
              { path: 'handovers/:id', lazy: async () => ({ Component: (await import('../features/handovers/HandoversPage')).HandoversPage }) },
            ],
          },
          {
            element: <RequireRole screen="answers" />,
            children: [{ path: 'answers', lazy: async () => ({ Component: (await import('../features/answers/AnswersPage')).AnswersPage }) }],
          },
          {
            element: <RequireRole screen="dashboard" />,
            children: [
              { path: 'dashboard', lazy: async () => ({ Component: (await import('../features/dashboard/DashboardPage')).DashboardPage }) },
            ],
          },
          {
            element: <RequireRole screen="admin" />,
            children: [
              { path: 'admin', element: <Navigate to="/admin/users" replace /> },
              { path: 'admin/:tab', lazy: async () => ({ Component: (await import('../features/admin/AdminPage')).AdminPage }) },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
