/** A page that exists but that this role may not open, or a path that is no page. */
import type { PublicPrincipal } from '../api/types.ts';
import { homeFor } from '../app/catalog.ts';
import { Link } from '../components/link.tsx';

export function NotAllowedPage({
  title,
  principal,
}: {
  readonly title: string;
  readonly principal: PublicPrincipal;
}) {
  return (
    <section className="not-allowed">
      <h1 tabIndex={-1}>Not allowed</h1>
      <p role="alert">
        The {title} page is not open to the <strong>{principal.role}</strong> role. Ask an
        administrator if your work needs it.
      </p>
      <p>
        <Link to={homeFor(principal.role)}>Go to your start page</Link>
      </p>
    </section>
  );
}

export function NotFoundPage({ principal }: { readonly principal: PublicPrincipal }) {
  return (
    <section>
      <h1 tabIndex={-1}>No such page</h1>
      <p>
        This address is not a page of Timely.{' '}
        <Link to={homeFor(principal.role)}>Go to your start page</Link>
      </p>
    </section>
  );
}
