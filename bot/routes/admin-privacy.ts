import type { Server } from 'restify';
import { InputError } from '../../store/errors';
import { CUSTOMER_ID_LENGTH, dbText } from '../../store/field-limits';
import { eraseCustomer } from '../../store/customer-erasure';
import { exportCustomer } from '../../store/customer-export';
import { adminRoute, type AdminAuthDeps } from '../admin-auth';
import { auditPathAs } from '../audited-route';

const customerIdSchema = dbText(CUSTOMER_ID_LENGTH)
  .min(3)
  .regex(/^[^\s/]+:.+$/, 'must be a customer id such as directline:dl_abc');

/** Privacy requests: `GET /admin/customers/:id/export` and `DELETE /admin/customers/:id`. */
export function registerAdminPrivacyRoutes(server: Server, deps: AdminAuthDeps): void {
  server.get(
    '/admin/customers/:id/export',
    adminRoute(deps, 'customer.export', async (req, res) => {
      const id = customerIdSchema.parse(decodeParam(req.params.id));
      res.header('Content-Disposition', `attachment; filename="customer-export.json"`);
      res.send(200, await exportCustomer(deps.db, id));
    }),
  );
  server.del(
    '/admin/customers/:id',
    adminRoute(deps, 'customer.erase', async (req, res) => {
      const id = customerIdSchema.parse(decodeParam(req.params.id));
      const report = await eraseCustomer(deps.db, id, Date.now());
      auditPathAs(req, `/admin/customers/${encodeURIComponent(report.tombstone)}`);
      res.send(200, { erased: id, ...report });
    }),
  );
}

/** The `:id` parameter decoded once more (ids carry `:`); a broken `%` escape is the client's error. */
function decodeParam(value: unknown): string {
  try {
    return decodeURIComponent(String(value));
  } catch {
    throw new InputError('id: not a valid percent-encoded customer id');
  }
}
