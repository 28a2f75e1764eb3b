import { lazy, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { Role } from '../gql/graphql';
import { LoginPage } from '../session/LoginPage';
import { ForgotPasswordPage, ResetPasswordPage } from '../session/PasswordResetPages';
import { SignUpPage } from '../session/SignUpPage';
import { useSession } from '../session/session-context';
import { PageLoader } from '../ui/PageLoader';
import { NoAccessPage } from '../ui/NoAccessPage';
import { NotFoundPage } from '../ui/NotFoundPage';
import { AppLayout } from './AppLayout';
import { homePath } from './navigation';

// Each area is its own chunk: a seller never downloads the admin's ledger explorer.
const SupportArea = lazy(() => import('../support/SupportArea'));
const AdminArea = lazy(() => import('../admin/AdminArea'));
const SellerArea = lazy(() => import('../seller/SellerArea'));
const AccountPage = lazy(() => import('../account/AccountPage'));

function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { viewer, hasRole } = useSession();
  if (!viewer) return null;
  return hasRole(...roles) ? children : <NoAccessPage />;
}

function SignedIn({ children }: { children: ReactNode }) {
  const { viewer, loading } = useSession();
  const location = useLocation();
  if (loading && !viewer) return <PageLoader />;
  if (!viewer) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

function Home() {
  const { viewer } = useSession();
  return <Navigate to={homePath(viewer?.roles ?? [])} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignUpPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route
        element={
          <SignedIn>
            <AppLayout />
          </SignedIn>
        }
      >
        <Route index element={<Home />} />
        <Route
          path="support/*"
          element={
            <RequireRole roles={['SUPPORT', 'ADMIN']}>
              <SupportArea />
            </RequireRole>
          }
        />
        <Route
          path="admin/*"
          element={
            <RequireRole roles={['ADMIN']}>
              <AdminArea />
            </RequireRole>
          }
        />
        <Route
          path="seller/*"
          element={
            <RequireRole roles={['SELLER']}>
              <SellerArea />
            </RequireRole>
          }
        />
        <Route
          path="account"
          element={
            <RequireRole roles={['SELLER', 'SUPPORT', 'ADMIN']}>
              <AccountPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
