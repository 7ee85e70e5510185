import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireAdmin } from "~/server/auth.server";

export const meta: MetaFunction = () => [{ title: "Programme administration – Civic Innovation Challenge" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

export default function AdminHome() {
  return (
    <>
      <h1 className="govuk-heading-l">Programme administration</h1>
      <ul className="govuk-list">
        <li><Link className="govuk-link" to="/admin/organisations">Verify organisations</Link></li>
        <li><Link className="govuk-link" to="/admin/themes">Themes</Link></li>
      </ul>
    </>
  );
}
