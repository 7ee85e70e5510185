import { db } from "../connections.server";
import { hashPassword, verifyPassword } from "../password.server";
import { countCurrentPasswordCheck, currentPasswordSucceeded } from "../sign-in-throttle.server";

export async function createUser(input: { name: string; email: string; password: string; isAdmin?: boolean }) {
  const password_hash = await hashPassword(input.password);
  // ON CONFLICT keeps "email taken" a normal answer rather than a unique-violation error.
  return db()
    .insertInto("users")
    .values({ name: input.name, email: input.email.toLowerCase(), password_hash, is_admin: input.isAdmin ?? false })
    .onConflict((oc) => oc.column("email").doNothing())
    .returning(["id", "email", "name"])
    .executeTakeFirst();
}

export function findUserByEmail(email: string) {
  return db().selectFrom("users").select(["id", "email", "name", "password_hash", "is_admin"])
    .where("email", "=", email.toLowerCase()).executeTakeFirst();
}

export function findUserById(id: string) {
  return db().selectFrom("users").select(["id", "email", "name", "password_hash", "is_admin"])
    .where("id", "=", id).executeTakeFirst();
}

export async function setPassword(userId: string, password: string) {
  const password_hash = await hashPassword(password);
  await db().updateTable("users").set({ password_hash }).where("id", "=", userId).execute();
}

/**
 * A signed-in user's password, asked again before a sensitive change (new password, deleting the account):
 * counted before it is checked, so guesses through a stolen session stop at the limit (429). The user when
 * it matches (the count is then cleared), otherwise null.
 */
export async function checkCurrentPassword(userId: string, password: string) {
  await countCurrentPasswordCheck(userId);
  const user = await findUserById(userId);
  if (!user || !(await verifyPassword(user.password_hash, password))) return null;
  await currentPasswordSucceeded(userId);
  return user;
}
